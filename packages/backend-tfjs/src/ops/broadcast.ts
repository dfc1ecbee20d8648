import { broadcastShape, type Shape } from "@alexnet-ts/engine";
import * as tf from "@tensorflow/tfjs-core";
import type { TfjsRuntime } from "../runtime.js";
import { isIdentity, type AxisOrder, type TfjsTensor } from "../tensor.js";

/** Two operands as tfjs tensors in one physical order, so that tfjs's broadcasting gives the semantic result. */
export interface AlignedOperands {
  readonly a: tf.Tensor;
  readonly b: tf.Tensor;
  /** The physical order of the result. */
  readonly order: AxisOrder;
  /** The semantic shape of the result. */
  readonly shape: number[];
}

/**
 * Lays two operands out alike for an elementwise op with NumPy broadcasting. The operand of
 * higher rank keeps its layout (the first one when both could), and the other follows it: an
 * equal-rank operand is re-laid out on its handle; a lower-rank one (a bias, a per-channel
 * statistic) gets leading ones and the same permutation, which for such small tensors costs little.
 * Call inside tf.tidy: the permuted lower-rank operand is a temporary.
 */
export function alignOperands(runtime: TfjsRuntime, first: TfjsTensor, second: TfjsTensor, op: string): AlignedOperands {
  const shape = broadcastShape(first.shape, second.shape, `${runtime.backendName}: ${op}`);
  const firstLeads = first.shape.length > second.shape.length || (first.shape.length === second.shape.length && (!isIdentity(first.order) || isIdentity(second.order)));
  const [leader, follower] = firstLeads ? [first, second] : [second, first];
  const order = leader.order;
  const leaderValue = runtime.physical(leader, order);
  let followerValue: tf.Tensor;
  if (follower.shape.length === leader.shape.length) {
    followerValue = runtime.physical(follower, order);
  } else {
    const padded = [...new Array<number>(leader.shape.length - follower.shape.length).fill(1), ...follower.shape];
    const reshaped = tf.reshape(runtime.plain(follower), padded);
    followerValue = isIdentity(order) ? reshaped : tf.transpose(reshaped, [...order]);
  }
  return firstLeads ? { a: leaderValue, b: followerValue, order, shape } : { a: followerValue, b: leaderValue, order, shape };
}

