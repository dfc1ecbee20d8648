import type { ReduceOp, Tensor } from "@alexnet-ts/engine";
import { formatShape } from "../shapes.js";
import { channelSumsInWasm } from "../channel-sums-wasm.js";
import type { CpuTensor, TensorStore } from "../tensor.js";

/**
 * Neighbouring axes that are all reduced or all kept, merged: [N, C, H, W] reduced over
 * {0, 2, 3} is [N | C | H·W] = reduced, kept, reduced. Walking the merged shape touches each
 * input element once, with the last axis in a tight loop.
 */
function mergeAxes(shape: readonly number[], reduced: readonly boolean[]): { lengths: number[]; reducedAxes: boolean[] } {
  const lengths: number[] = [];
  const reducedAxes: boolean[] = [];
  for (let axis = 0; axis < shape.length; axis++) {
    if (shape[axis] === 1) continue;
    if (lengths.length > 0 && reducedAxes[reducedAxes.length - 1] === reduced[axis]) {
      lengths[lengths.length - 1] *= shape[axis];
    } else {
      lengths.push(shape[axis]);
      reducedAxes.push(reduced[axis]);
    }
  }
  return { lengths, reducedAxes };
}

/**
 * [images, channels, positions] when the reduction keeps one run of axes and sums the ones
 * around it — a bias gradient: [N, C, H, W] over {0, 2, 3}, or [N, F] over {0} — else undefined.
 */
function channelLayout(shape: readonly number[], reduced: readonly boolean[]): [number, number, number] | undefined {
  const { lengths, reducedAxes } = mergeAxes(shape, reduced);
  const kept = reducedAxes.indexOf(false);
  if (lengths.length < 2 || kept < 0 || reducedAxes.lastIndexOf(false) !== kept) return undefined;
  return [kept === 1 ? lengths[0] : 1, lengths[kept], kept + 1 < lengths.length ? lengths[kept + 1] : 1];
}

/** Sum, maximum or mean over a set of axes; sums accumulate in float64. */
export function reduce(store: TensorStore, op: ReduceOp, x: Tensor, axes: readonly number[], keepDimensions: boolean): CpuTensor {
  const input = store.read("reduce", x, "x");
  if (op !== "sum" && op !== "max" && op !== "mean") throw new Error(`reduce: unknown reduction ${JSON.stringify(op)} (known: sum, max, mean)`);
  const shape = input.shape;
  const rank = shape.length;
  const reduced = new Array<boolean>(rank).fill(false);
  for (const axis of axes) {
    if (!Number.isInteger(axis) || axis < 0 || axis >= rank) throw new Error(`reduce: axis ${axis} is out of range for x ${formatShape(shape)}`);
    if (reduced[axis]) throw new Error(`reduce: axis ${axis} is listed twice`);
    reduced[axis] = true;
  }
  const outputShape = keepDimensions ? shape.map((dimension, axis) => (reduced[axis] ? 1 : dimension)) : shape.filter((_, axis) => !reduced[axis]);
  let reducedCount = 1;
  for (let axis = 0; axis < rank; axis++) if (reduced[axis]) reducedCount *= shape[axis];
  if (op === "max" && reducedCount === 0) throw new Error(`reduce: max over an empty axis of x ${formatShape(shape)}`);
  const output = store.createUninitialized(outputShape);
  const values = input.values;
  const layout = op === "max" || values.length === 0 ? undefined : channelLayout(shape, reduced);
  // Per-channel sums in the WebAssembly kernel on every thread where the arrays live in wasm memory (the same float64 sums).
  if (layout !== undefined && channelSumsInWasm(values, output.values, ...layout, op === "mean" ? 1 / reducedCount : 1)) return output;
  const outputCount = output.values.length;
  const maximum = op === "max";
  const accumulator = new Float64Array(outputCount).fill(maximum ? -Infinity : 0);
  if (values.length > 0) {
    const { lengths, reducedAxes } = mergeAxes(shape, reduced);
    if (lengths.length === 0) lengths.push(1), reducedAxes.push(true);
    const depth = lengths.length;
    // Output stride of each merged axis (0 for reduced ones).
    const outputStrides = new Array<number>(depth);
    let stride = 1;
    for (let axis = depth - 1; axis >= 0; axis--) {
      outputStrides[axis] = reducedAxes[axis] ? 0 : stride;
      if (!reducedAxes[axis]) stride *= lengths[axis];
    }
    const rowLength = lengths[depth - 1];
    const rowReduced = reducedAxes[depth - 1];
    const counter = new Array<number>(depth).fill(0);
    let target = 0;
    for (let start = 0; start < values.length; start += rowLength) {
      if (rowReduced) {
        let partial = accumulator[target];
        if (maximum) {
          for (let j = 0; j < rowLength; j++) {
            const value = values[start + j];
            if (value > partial || value !== value) partial = value;
          }
        } else {
          for (let j = 0; j < rowLength; j++) partial += values[start + j];
        }
        accumulator[target] = partial;
      } else if (maximum) {
        for (let j = 0; j < rowLength; j++) {
          const value = values[start + j];
          const current = accumulator[target + j];
          if (value > current || value !== value) accumulator[target + j] = value;
        }
      } else {
        for (let j = 0; j < rowLength; j++) accumulator[target + j] += values[start + j];
      }
      for (let axis = depth - 2; axis >= 0; axis--) {
        counter[axis] += 1;
        target += outputStrides[axis];
        if (counter[axis] < lengths[axis]) break;
        target -= outputStrides[axis] * lengths[axis];
        counter[axis] = 0;
      }
    }
  }
  const scale = op === "mean" ? 1 / reducedCount : 1;
  for (let index = 0; index < outputCount; index++) output.values[index] = accumulator[index] * scale;
  return output;
}
