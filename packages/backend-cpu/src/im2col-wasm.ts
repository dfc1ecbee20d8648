import type { WindowGeometry } from "./geometry.js";
import { wasmOpsEngine } from "./gemm/index.js";

// Below this many column entries one thread does it all: waking the workers costs tens of µs.
const threadedMinimumValues = 1 << 16;

const opCode = { im2col: 5, col2im: 6 } as const;

/**
 * im2col or col2im for `images` consecutive images of one chunk and group in the WebAssembly ops
 * kernel, one (image, channel) per task on the caller and the gemm's worker threads — the same
 * copies and additions as `im2col`/`col2im` in ./im2col.ts, so results are bit-identical. The
 * first image's first channel is at `inputOffset`, images `imageStride` floats apart; image i's
 * positions sit at i·Ho·Wo in each of the column matrix's rows, which are `span` floats apart.
 * col2im adds onto `input`. False — the caller loops in TypeScript — unless both arrays live
 * in wasm memory.
 */
export function unfoldInWasm(
  direction: keyof typeof opCode,
  geometry: WindowGeometry,
  input: Float32Array,
  inputOffset: number,
  imageStride: number,
  channelCount: number,
  images: number,
  columns: Float32Array,
  span: number,
): boolean {
  const { height, width, kernelHeight, kernelWidth, strideHeight, strideWidth, padTop, padLeft, dilationHeight, dilationWidth, outputHeight, outputWidth } = geometry;
  const tasks = images * channelCount;
  if (tasks === 0 || outputHeight === 0 || outputWidth === 0 || kernelHeight === 0 || kernelWidth === 0) return false;
  const ops = wasmOpsEngine();
  if (ops === undefined) return false;
  const inputAddress = ops.engine.addressOf(input);
  const columnsAddress = ops.engine.addressOf(columns);
  if (inputAddress === undefined || columnsAddress === undefined) return false;
  const entries = tasks * kernelHeight * kernelWidth * outputHeight * outputWidth;
  const threads = entries >= threadedMinimumValues ? ops.threads : 1;
  return ops.engine.runOpsJob(
    (integers) => {
      integers.set([opCode[direction], tasks, height, width, inputAddress + inputOffset * 4, imageStride * 4, columnsAddress, span]);
      integers.set([kernelHeight, kernelWidth, strideHeight, strideWidth, padTop, padLeft, dilationHeight, dilationWidth, channelCount], 8);
      integers.set([outputHeight, outputWidth], 18);
    },
    threads,
    0,
  );
}
