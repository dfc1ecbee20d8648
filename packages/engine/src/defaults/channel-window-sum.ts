import type { BackendCore, Tensor } from "../backend.js";
import { withTemporaries } from "./temporaries.js";

/**
 * For each channel c, the sum over channels c − before … c + after (those inside [0, C)), as one
 * conv2d of a ones column along the channel axis. Returns a new handle.
 *
 * Shapes: x: [N, C, H, W] → same
 */
export function channelWindowSum<T extends Tensor>(backend: BackendCore<T>, x: T, before: number, after: number): T {
  const [batch, channels, height, width] = x.shape;
  return withTemporaries(backend, (temporary) => {
    const column = temporary(backend.reshape(x, [batch, 1, channels, height * width]));
    const ones = temporary(backend.upload(new Float32Array(before + after + 1).fill(1), [1, 1, before + after + 1, 1]));
    const sums = temporary(
      backend.conv2d(column, ones, { stride: [1, 1], padding: [before, 0, after, 0], dilation: [1, 1], groups: 1 }),
    );
    return backend.reshape(sums, x.shape);
  });
}
