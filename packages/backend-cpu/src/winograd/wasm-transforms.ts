import { wasmOpsEngine } from "../gemm/index.js";
import type { TilePlan } from "./tiles.js";

// Below this many transformed values one thread does it all: waking the workers costs tens of µs.
const threadedMinimumValues = 1 << 16;

const opCode = { input: 1, output: 2, gradient: 3 } as const;

/** One transform over a chunk of images in the WebAssembly kernel (wasm/winograd-kernel.wat). */
export interface TransformJob {
  readonly op: keyof typeof opCode;
  readonly plan: TilePlan;
  /** Images of the chunk, and channel planes per image (C for the input transform, O otherwise). */
  readonly images: number;
  readonly channels: number;
  /** The plane read (input; products; output gradient), at `sourceOffset` floats, images `sourceImageStride` floats apart (unused for products). */
  readonly source: Float32Array;
  readonly sourceOffset: number;
  readonly sourceImageStride: number;
  /** Where it writes (tile matrices; the output tensor), images `targetImageStride` floats apart (output only). */
  readonly target: Float32Array;
  readonly targetOffset: number;
  readonly targetImageStride: number;
  /** Tile columns per matrix row (images · tiles per image) and floats between the 16 matrices. */
  readonly span: number;
  readonly matrixStride: number;
  /** The plane read: input height and width and padding (input transform) or the output's size (gradient transform). */
  readonly height: number;
  readonly width: number;
  readonly padTop: number;
  readonly padLeft: number;
  /** Output transform: the output's size, the bias per channel (none: undefined) and ReLU. */
  readonly outputHeight: number;
  readonly outputWidth: number;
  readonly bias?: Float32Array | undefined;
  readonly relu: boolean;
}

// Per-thread scratch: the padded input plane (its rows 4 floats wider, for the kernel's last
// vector loads), or the tiles' full 2⌈Ho/2⌉ × 2⌈Wo/2⌉ output plane before it is cropped.
function scratchFloats(job: TransformJob): number {
  const { tilesHigh, tilesWide } = job.plan;
  if (job.op === "input") return (2 * tilesHigh + 2) * (2 * tilesWide + 4);
  if (job.op === "gradient") return 2 * tilesHigh * (2 * tilesWide + 4);
  return 2 * tilesHigh * 2 * tilesWide;
}

/**
 * Runs one transform in f32x4, four tiles of a tile row at a time, one (image, channel) plane per
 * task on the caller and the gemm's worker threads. False — the caller loops in TypeScript —
 * unless every array lives in wasm memory and a tile row has ≥ 4 tiles (the kernel's last
 * vector overlaps the one before it, as the ops kernel's do).
 */
export function transformInWasm(job: TransformJob): boolean {
  const { plan, images, channels } = job;
  const tasks = images * channels;
  if (plan.tilesWide < 4 || tasks === 0) return false;
  const ops = wasmOpsEngine();
  if (ops === undefined) return false;
  const { engine } = ops;
  const source = engine.addressOf(job.source);
  const target = engine.addressOf(job.target);
  const bias = job.bias === undefined ? 0 : engine.addressOf(job.bias);
  if (source === undefined || target === undefined || bias === undefined) return false;
  const threads = tasks * plan.tilesPerImage * 16 >= threadedMinimumValues ? ops.threads : 1;
  return engine.runOpsJob(
    (integers) => {
      integers.set([opCode[job.op], tasks, channels, plan.tilesHigh, plan.tilesWide, plan.tilesPerImage]);
      integers.set([source + job.sourceOffset * 4, job.sourceImageStride * 4, target + job.targetOffset * 4, job.targetImageStride * 4], 6);
      integers.set([job.span, job.matrixStride * 4, job.height, job.width, job.padTop, job.padLeft, bias], 10);
      // Field 17 (byte 68) is the next-task counter.
      integers.set([job.relu ? 1 : 0, job.outputHeight, job.outputWidth], 18);
    },
    threads,
    scratchFloats(job) * 4,
    "winograd",
  );
}
