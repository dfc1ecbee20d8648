import { elementCount, formatShape, type Shape, type Tensor } from "@alexnet-ts/engine";
import { ArrayTensor, requireShape } from "./tensor.js";

/** The tensors this backend has handed out and not had back: what upload, dispose and the leak count work on. */
export class TensorStore {
  private readonly live = new Set<ArrayTensor>();

  /** A new tensor holding a copy of the values. */
  upload(values: Float32Array, shape: Shape): ArrayTensor {
    requireShape("upload", shape.every((dimension) => Number.isInteger(dimension) && dimension >= 0), `shape ${formatShape(shape)} must be whole numbers ≥ 0`);
    const count = elementCount(shape);
    requireShape("upload", values.length === count, `shape ${formatShape(shape)} holds ${count} values, but ${values.length} were given`);
    return this.adopt(new ArrayTensor(Object.freeze([...shape]), Float32Array.from(values)));
  }

  /** Hands out a tensor an op made: it counts as live until disposed. */
  adopt(tensor: ArrayTensor): ArrayTensor {
    this.live.add(tensor);
    return tensor;
  }

  /** The tensor behind a handle; throws naming the op when it was disposed or belongs to another backend. */
  read(op: string, tensor: Tensor): ArrayTensor {
    requireShape(op, tensor instanceof ArrayTensor && this.live.has(tensor), "got a tensor that is disposed or belongs to another backend");
    return tensor;
  }

  dispose(tensor: Tensor): void {
    this.live.delete(this.read("dispose", tensor));
  }

  /** Tensors handed out and not yet disposed. */
  get count(): number {
    return this.live.size;
  }
}
