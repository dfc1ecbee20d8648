import type { Tensor } from "@alexnet-ts/engine";
import type { TensorStore } from "../tensor.js";

/** A copy of the tensor's values (an ordinary, unshared array the caller may keep and change). */
export function download(store: TensorStore, tensor: Tensor): Promise<Float32Array> {
  try {
    // slice copies into a new, unshared ArrayBuffer (a memcpy, unlike Float32Array.from).
    return Promise.resolve(store.read("download", tensor, "the tensor").values.slice());
  } catch (error) {
    return Promise.reject(error as Error);
  }
}
