import { existsSync, readFileSync, statSync } from "node:fs";
import { writeFileAtomic, type AtomicWriteHooks } from "./atomic-write.js";
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint, type CheckpointExpectations } from "./checkpoint-format.js";
import { CheckpointError } from "./errors.js";

export * from "./checkpoint-format.js";

/** Writes a checkpoint atomically (see writeFileAtomic) as one safetensors file. */
export function saveCheckpoint(path: string, checkpoint: Checkpoint, hooks?: AtomicWriteHooks): void {
  writeFileAtomic(path, encodeCheckpoint(checkpoint), hooks);
}

/**
 * Reads a checkpoint, refusing with one line a file that is missing, a folder, or anything
 * decodeCheckpoint refuses (not safetensors, truncated, a broken header, NaN or infinite values,
 * another variant or class count).
 */
export function loadCheckpoint(path: string, expectations: CheckpointExpectations = {}): Checkpoint {
  if (!existsSync(path)) throw new CheckpointError(`checkpoint ${path} does not exist`);
  if (statSync(path).isDirectory()) throw new CheckpointError(`--checkpoint ${path} is a folder; give a .safetensors file, or a folder that alexnet train wrote`);
  return decodeCheckpoint(readFileSync(path), path, expectations);
}
