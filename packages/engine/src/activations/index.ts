import type { ActivationOpType, GraphNode, OpAttributes } from "@alexnet-ts/ir";
import type { Backend, Tensor } from "../backend.js";
import type { ActivationDefinition } from "./activation.js";
import { relu } from "./relu.js";
import { sigmoid } from "./sigmoid.js";
import { tanh } from "./tanh.js";

/** How the engine runs each of the IR's activations (a Record: a new activation op is a compile error until it is here). */
export const activations: { readonly [K in ActivationOpType]: ActivationDefinition<OpAttributes[K]> } = { relu, tanh, sigmoid };

/** A graph node of an activation op. */
export type ActivationNode = Extract<GraphNode, { op: ActivationOpType }>;

/** The form `conv2dBiasActivation` takes for an activation the engine fused into a layer ("none" without one). */
export function fusedForm(node: ActivationNode | undefined): "none" | "relu" {
  if (node === undefined) return "none";
  const form = activations[node.op].fused;
  if (form === undefined) throw new Error(`${node.name}: ${node.op} has no fused form, so it cannot be merged into the layer before it`);
  return form;
}

/**
 * The gradient before an activation fused into a layer, from the layer's output: an activation
 * is fused only when its backward reads just its output (the pre-activation is never kept).
 */
export function fusedActivationGradient<T extends Tensor>(backend: Backend<T>, node: ActivationNode, output: T, dy: T): T {
  const backward = activations[node.op].backward as ActivationDefinition<ActivationNode["attributes"]>["backward"];
  if (backward.reads !== "output") throw new Error(`${node.name}: ${node.op}'s backward reads its input, so it cannot be fused into the layer before it`);
  return backward.gradient(backend, { output }, dy, node.attributes);
}

export type { ActivationBackward, ActivationDefinition } from "./activation.js";
