import { int32View, reluBits } from "./bits.js";
import { elementwiseOp, elementwiseTarget } from "./elementwise-jobs.js";

/**
 * Copies `rows` × `images` stretches of `length` floats between two layouts (offsets and
 * strides in floats): row r of image i goes from source[sourceOffset + r·sourceRowStride +
 * i·sourceImageStride] to the same place in the target's strides — a convolution chunk
 * matrix's rows to NCHW channel planes or back — then adds bias[biasOffset + r] (skipped where
 * it is 0, so −0 stays −0) and applies ReLU where asked. Source and target may be the same array
 * with the same layout (an epilogue in place).
 */
export interface PlaneCopy {
  readonly rows: number;
  readonly images: number;
  readonly length: number;
  readonly source: Float32Array;
  readonly sourceOffset: number;
  readonly sourceRowStride: number;
  readonly sourceImageStride: number;
  readonly target: Float32Array;
  readonly targetOffset: number;
  readonly targetRowStride: number;
  readonly targetImageStride: number;
  readonly bias?: Float32Array | undefined;
  readonly biasOffset?: number;
  readonly relu: boolean;
}

/** {@link PlaneCopy} in the WebAssembly elementwise kernel (one row per task, on every thread) where both arrays live in wasm memory, else in TypeScript: the same values either way. */
export function copyPlanes(copy: PlaneCopy): void {
  if (copy.rows === 0 || copy.images === 0 || copy.length === 0) return;
  if (!copyPlanesInWasm(copy)) copyPlanesInTypeScript(copy);
}

/** {@link PlaneCopy} in the WebAssembly kernel; false — nothing done — where the wasm path is off or an array lives outside wasm memory. */
export function copyPlanesInWasm(copy: PlaneCopy): boolean {
  const { rows, images, length, source, target, bias } = copy;
  const arrays = bias === undefined ? [source, target] : [source, target, bias];
  const wasm = elementwiseTarget(rows * images * length, arrays);
  if (wasm === undefined) return false;
  const [sourceAddress, targetAddress, biasAddress] = wasm.addresses;
  return wasm.engine.runOpsJob(
    (integers) => {
      integers.set([elementwiseOp.planes, rows, images, length]);
      integers.set([sourceAddress + copy.sourceOffset * 4, copy.sourceRowStride * 4, copy.sourceImageStride * 4], 4);
      integers.set([targetAddress + copy.targetOffset * 4, copy.targetRowStride * 4, copy.targetImageStride * 4], 7);
      integers.set([biasAddress === undefined ? 0 : biasAddress + (copy.biasOffset ?? 0) * 4, copy.relu ? 1 : 0], 10);
    },
    wasm.threads,
    0,
    "elementwise",
  );
}

/** {@link PlaneCopy} in TypeScript, anywhere. */
export function copyPlanesInTypeScript(copy: PlaneCopy): void {
  const { rows, images, length, source, target, bias, relu } = copy;
  const bits = relu ? int32View(target) : undefined;
  for (let row = 0; row < rows; row++) {
    const shift = bias === undefined ? 0 : bias[(copy.biasOffset ?? 0) + row];
    for (let image = 0; image < images; image++) {
      const from = copy.sourceOffset + row * copy.sourceRowStride + image * copy.sourceImageStride;
      const start = copy.targetOffset + row * copy.targetRowStride + image * copy.targetImageStride;
      const end = start + length;
      if (source !== target || from !== start) for (let index = 0; index < length; index++) target[start + index] = source[from + index];
      if (shift !== 0) for (let index = start; index < end; index++) target[index] += shift;
      if (bits !== undefined) reluBits(bits, bits, start, end);
    }
  }
}
