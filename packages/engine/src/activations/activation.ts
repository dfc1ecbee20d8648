import type { Backend, Tensor } from "../backend.js";

/**
 * What an activation's backward pass reads from its forward pass, and how it computes the input's
 * gradient from the output's. The engine always has both the input and the output at hand (the
 * tape keeps them), so `reads` is a statement about the math: an activation that reads only its
 * output may be fused into the conv2d or linear before it, whose pre-activation is never kept.
 */
export type ActivationBackward<Attributes> =
  | {
      readonly reads: "output";
      gradient<T extends Tensor>(backend: Backend<T>, saved: { readonly output: T }, dy: T, attributes: Attributes): T;
    }
  | {
      readonly reads: "input";
      gradient<T extends Tensor>(backend: Backend<T>, saved: { readonly input: T }, dy: T, attributes: Attributes): T;
    }
  | {
      readonly reads: "input and output";
      gradient<T extends Tensor>(backend: Backend<T>, saved: { readonly input: T; readonly output: T }, dy: T, attributes: Attributes): T;
    };

/**
 * How the engine runs one elementwise activation: forward and backward, each composed from the
 * contract's ops (the core's `unary`, or a defaulted op a backend may override for speed). A
 * parameterised activation reads its attributes (a leaky ReLU's slope) in both.
 *
 * Design (Burn's activation ops: every activation has a default built from the core): adding an
 * activation is one file here and its IR op; no backend has to change. A backend speeds one up
 * only through a contract op it overrides (ReLU's and tanh's backward are `activationBackward`).
 */
export interface ActivationDefinition<Attributes> {
  /**
   * y = f(x), elementwise.
   *
   * Shapes: x: any → same
   */
  forward<T extends Tensor>(backend: Backend<T>, x: T, attributes: Attributes): T;
  /** dL/dx from dL/dy (Shapes: dy like the output → like the input). */
  readonly backward: ActivationBackward<Attributes>;
  /**
   * The name `conv2dBiasActivation` takes for it, when the engine may merge it into the conv2d or
   * linear before it (one fused backend call); absent when it may not. Only an activation whose
   * backward reads just its output can be fused.
   */
  readonly fused?: "relu";
}
