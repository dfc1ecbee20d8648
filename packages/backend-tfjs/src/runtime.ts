import type { BackendOverrides, Shape } from "@alexnet-ts/engine";
import * as tf from "@tensorflow/tfjs-core";
import { identityOrder, isIdentity, physicalPositions, TfjsTensor, type AxisOrder } from "./tensor.js";

/**
 * What every op of the backend shares: the tfjs engine it runs on, handle bookkeeping and
 * layout changes. One runtime per backend object.
 */
export class TfjsRuntime {
  /** Handles made and not yet disposed. */
  liveHandles = 0;
  /**
   * Layout changes so far: how many, and the milliseconds spent issuing them (the time they take
   * on the synchronous engines, cpu and wasm; on GPU engines only the time to queue them).
   */
  readonly relayouts = { count: 0, milliseconds: 0, elements: 0 };
  /**
   * The defaults composed from the core, for the geometries the tfjs kernels do not cover
   * (asymmetric LRN windows, padded average pooling…). Set once the backend is complete.
   */
  fallback: BackendOverrides<TfjsTensor> | undefined;

  /** @param engine tfjs's name for the engine: "cpu", "wasm", "webgl", "webgpu" or "tensorflow". */
  constructor(readonly engine: string, readonly backendName: string) {}

  /**
   * tfjs has one global engine per process: a second tfjs backend made later switches it, and
   * this one's tensors would then silently run elsewhere. Every op checks first.
   */
  ensureActive(): void {
    const active = tf.getBackend();
    if (active !== this.engine) {
      throw new Error(
        `${this.backendName}: TensorFlow.js now runs the "${active}" engine, not "${this.engine}" (only one tfjs engine can be active per process; ` +
          `make the other tfjs backend in another process, or close it and create this one again)`,
      );
    }
  }

  /** The defaults, once the backend is complete. */
  defaults(): BackendOverrides<TfjsTensor> {
    if (this.fallback === undefined) throw new Error("internal: the tfjs backend's defaults are not wired yet");
    return this.fallback;
  }

  /** A new handle that owns `value`, stored in `order`. */
  wrap(value: tf.Tensor, shape: Shape, order: AxisOrder = identityOrder(shape.length)): TfjsTensor {
    this.liveHandles++;
    return new TfjsTensor(value, shape, order);
  }

  /**
   * The handle's tfjs tensor laid out in `order`. When it is stored otherwise, the handle itself
   * is re-laid out (its old tensor disposed), so the next op that wants this layout pays nothing.
   */
  physical(tensor: TfjsTensor, order: AxisOrder): tf.Tensor {
    if (tensor.disposed) throw new Error(`${this.backendName}: a tensor of shape [${tensor.shape}] was used after dispose`);
    if (sameOrder(tensor.order, order)) return tensor.value;
    const positions = physicalPositions(tensor.order);
    const started = performance.now();
    // keep: the new tensor belongs to the handle even when this runs inside tf.tidy.
    const relaid = tf.keep(tf.transpose(tensor.value, order.map((semantic) => positions[semantic])));
    this.relayouts.count++;
    this.relayouts.milliseconds += performance.now() - started;
    this.relayouts.elements += relaid.size;
    tensor.value.dispose();
    tensor.value = relaid;
    tensor.order = order;
    return relaid;
  }

  /** The handle's tfjs tensor in the contract's own layout. */
  plain(tensor: TfjsTensor): tf.Tensor {
    return this.physical(tensor, identityOrder(tensor.shape.length));
  }

  /**
   * A padding constant the engine can take. tfjs-webgl writes the constant into its shader source,
   * where "-Infinity" does not compile; there ±∞ becomes ±float32's largest value, which a real
   * input never exceeds, so padded cells still never win a max pooling.
   */
  paddingValue(value: number): number {
    if (this.engine !== "webgl" || Number.isFinite(value) || Number.isNaN(value)) return value;
    return value > 0 ? 3.4028234663852886e38 : -3.4028234663852886e38;
  }

  /** Whether the running engine has a kernel (tfjs finds kernels by name at run time). */
  hasKernel(name: string): boolean {
    return tf.getKernel(name, this.engine) !== undefined;
  }
}

/** Whether two orders are the same permutation. */
export function sameOrder(first: AxisOrder, second: AxisOrder): boolean {
  return first.length === second.length && first.every((axis, index) => axis === second[index]);
}

export { isIdentity };
