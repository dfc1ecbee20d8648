import type { BackendCore, Tensor } from "../backend.js";

/**
 * Runs `body` and then disposes every tensor it passed to `temporary`, even when it throws.
 * Defaults register each intermediate they create and return only fresh handles, so a
 * default never leaks and never disposes its caller's inputs.
 */
export function withTemporaries<T extends Tensor, R>(
  backend: BackendCore<T>,
  body: (temporary: <U extends T>(tensor: U) => U) => R,
): R {
  const created: T[] = [];
  try {
    return body((tensor) => {
      created.push(tensor);
      return tensor;
    });
  } finally {
    for (const tensor of created) backend.dispose(tensor);
  }
}
