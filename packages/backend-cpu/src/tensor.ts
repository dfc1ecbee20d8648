import type { Shape, Tensor } from "@alexnet-ts/engine";
import { allocate, allocateUninitialized, release as releaseStorage } from "./storage.js";
import { elementCount, formatShape } from "./shapes.js";

/** Values shared by the handles that view them (a tensor and its reshapes). */
interface Storage {
  readonly values: Float32Array;
  /** Live handles on these values; the array is released when the last one is disposed. */
  handles: number;
}

/** The CPU backend's tensor: a shape over a float32 array, row-major NCHW. */
export class CpuTensor implements Tensor {
  readonly shape: Shape;
  /** The store that made it: an op rejects tensors of another backend. */
  readonly store: TensorStore;
  readonly #storage: Storage;
  #disposed = false;

  constructor(store: TensorStore, shape: Shape, storage: Storage) {
    this.store = store;
    this.shape = Object.freeze([...shape]);
    this.#storage = storage;
  }

  /** The values, row-major. Ops write only into tensors they have just created. */
  get values(): Float32Array {
    return this.#storage.values;
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /** Another handle on the same values (a reshape); it must be disposed on its own. */
  view(shape: Shape): CpuTensor {
    this.#storage.handles += 1;
    return this.store.adopt(new CpuTensor(this.store, shape, this.#storage));
  }

  /** Called by the store only. */
  release(): void {
    this.#disposed = true;
    this.#storage.handles -= 1;
    if (this.#storage.handles === 0) releaseStorage(this.#storage.values);
  }
}

/** Makes, checks and disposes one backend's tensors, and counts the live handles. */
export class TensorStore {
  #live = 0;

  /** A new zero-filled tensor. */
  create(shape: Shape): CpuTensor {
    return this.adopt(new CpuTensor(this, shape, { values: allocate(elementCount(shape)), handles: 1 }));
  }

  /** A new tensor whose values are undefined, for an op that writes every one of them. */
  createUninitialized(shape: Shape): CpuTensor {
    return this.adopt(new CpuTensor(this, shape, { values: allocateUninitialized(elementCount(shape)), handles: 1 }));
  }

  /** Counts a handle made by `CpuTensor.view`. */
  adopt(tensor: CpuTensor): CpuTensor {
    this.#live += 1;
    return tensor;
  }

  /** Checks that `tensor` is a live tensor of this backend; `role` names it in the error. */
  read(op: string, tensor: Tensor, role: string): CpuTensor {
    if (!(tensor instanceof CpuTensor) || tensor.store !== this) {
      throw new Error(`${op}: ${role} is not a tensor of this cpu backend`);
    }
    if (tensor.disposed) throw new Error(`${op}: ${role} ${formatShape(tensor.shape)} was already disposed`);
    return tensor;
  }

  dispose(tensor: Tensor): void {
    const own = this.read("dispose", tensor, "the tensor");
    own.release();
    this.#live -= 1;
  }

  get live(): number {
    return this.#live;
  }
}
