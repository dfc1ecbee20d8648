import type { AnalyzedNode, GraphNode, OpType } from "@alexnet-ts/ir";
import type { ActivationNode } from "../activations/index.js";
import type { Backend, Tensor } from "../backend.js";

/** What a layer needs to run: the backend, the mode, and the seed for this step's randomness. */
export interface LayerContext {
  readonly backend: Backend;
  readonly training: boolean;
  /** Seed for this node in this step (dropout masks). */
  readonly seed: number;
  /** An activation merged into this conv2d or linear layer's output by the engine's fusion, if any. */
  readonly fusedActivation: ActivationNode | undefined;
  /** False when the layer reads the graph's input, whose gradient nobody uses: layers may skip computing it. */
  readonly needsInputGradient: boolean;
}

/** Gradients a layer's backward pass returns: for its input and for each trainable parameter (by local name). */
export interface LayerGradients {
  /** Absent when the context said the input's gradient is not needed and the layer skipped it. */
  readonly input?: Tensor;
  readonly parameters: Readonly<Record<string, Tensor>>;
}

/**
 * One forward application of a layer. `output` is owned by the caller. Tensors the layer kept
 * for the backward pass are released by `release()`; the input and output themselves are
 * borrowed (the engine owns them) and must stay alive until `backward` has run.
 */
export interface LayerStep {
  readonly output: Tensor;
  /** Present in training mode: the gradients given the gradient of the output (which it does not dispose). */
  readonly backward?: (outputGradient: Tensor) => LayerGradients;
  /** New values for non-trainable parameters (batch norm's running statistics), owned by the caller. */
  readonly updatedBuffers?: Readonly<Record<string, Tensor>>;
  release(): void;
}

export type NodeOf<K extends OpType> = Extract<GraphNode, { op: K }>;

/** A layer's forward pass for one op type. `parameters` are by local name ("weight", "bias"). */
export type LayerForward<K extends OpType> = (
  context: LayerContext,
  node: NodeOf<K>,
  input: Tensor,
  parameters: Readonly<Record<string, Tensor>>,
  analyzed: AnalyzedNode,
) => LayerStep;

