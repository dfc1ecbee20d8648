import type { Shape } from "@alexnet-ts/engine";
import { requireNumber, requireRank, requireVector } from "./shapes.js";

/** Checks an NCHW input, its per-channel vectors and ε; returns [N, C, H·W]. */
export function checkBatchNorm(op: string, shape: Shape, vectors: Record<string, Shape>, epsilon: number): [number, number, number] {
  requireRank(op, shape, 4, "x", "[N, C, H, W]");
  const [batch, channels, height, width] = shape;
  for (const [role, vector] of Object.entries(vectors)) requireVector(op, vector, channels, role);
  requireNumber(op, epsilon, "epsilon", (value) => value >= 0, "a number ≥ 0");
  return [batch, channels, height * width];
}
