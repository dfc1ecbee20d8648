import type { ActivationOpType, OpAttributes } from "@alexnet-ts/ir";
import { referenceTensor, requireSameShape, requireShape, type ReferenceTensor } from "./tensor.js";

/** An activation in float64, number by number: what the engine's composition of it is checked against. */
export interface ReferenceActivation<Attributes> {
  /** The attributes the suite's cases use (a parameterised activation's setting). */
  readonly caseAttributes: Attributes;
  forward(x: number, attributes: Attributes): number;
  /** dy/dx at x, given y = forward(x). */
  derivative(x: number, y: number, attributes: Attributes): number;
  /** Where the derivative jumps (ReLU at 0): finite-difference inputs keep away from these. */
  readonly kinks: readonly number[];
}

/** Every IR activation's reference (a Record: a new activation is a compile error until it is here). */
export const referenceActivations: { readonly [K in ActivationOpType]: ReferenceActivation<OpAttributes[K]> } = {
  relu: { caseAttributes: {}, forward: (x) => (x > 0 ? x : 0), derivative: (x) => (x > 0 ? 1 : 0), kinks: [0] },
  tanh: { caseAttributes: {}, forward: (x) => Math.tanh(x), derivative: (_x, y) => 1 - y * y, kinks: [] },
  sigmoid: { caseAttributes: {}, forward: (x) => 1 / (1 + Math.exp(-x)), derivative: (_x, y) => y * (1 - y), kinks: [] },
};

function referenceOf<K extends ActivationOpType>(op: K): ReferenceActivation<OpAttributes[K]> {
  const activation = referenceActivations[op] as ReferenceActivation<OpAttributes[K]> | undefined;
  requireShape("activation", activation !== undefined, `unknown activation "${op}"`);
  return activation!;
}

/** y = f(x) elementwise for one of the IR's activations. */
export function referenceActivation<K extends ActivationOpType>(op: K, x: ReferenceTensor, attributes: OpAttributes[K]): ReferenceTensor {
  const activation = referenceOf(op);
  return referenceTensor(x.shape, Array.from(x.data, (value) => activation.forward(value, attributes)));
}

/** dL/dx = dy · f'(x) for one of the IR's activations. */
export function referenceActivationGradient<K extends ActivationOpType>(op: K, x: ReferenceTensor, dy: ReferenceTensor, attributes: OpAttributes[K]): ReferenceTensor {
  requireSameShape(op, "x and dy", x.shape, dy.shape);
  const activation = referenceOf(op);
  return referenceTensor(x.shape, Array.from(x.data, (value, index) => dy.data[index] * activation.derivative(value, activation.forward(value, attributes), attributes)));
}
