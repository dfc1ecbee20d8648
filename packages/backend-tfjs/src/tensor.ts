import type { Shape, Tensor } from "@alexnet-ts/engine";
import type { Tensor as TfTensor } from "@tensorflow/tfjs-core";

/**
 * A physical axis order: physical axis i of the tfjs tensor holds semantic axis `order[i]`.
 * The identity is the contract's own layout (NCHW for images, OIHW for filters).
 */
export type AxisOrder = readonly number[];

/** NCHW semantics stored as NHWC, the layout every tfjs image kernel takes. */
export const nhwcOrder: AxisOrder = [0, 2, 3, 1];

/** An [O, C, kH, kW] filter stored as [kH, kW, C, O], tfjs's filter layout. */
export const hwioOrder: AxisOrder = [2, 3, 1, 0];

/** The identity order of a rank. */
export function identityOrder(rank: number): AxisOrder {
  return Array.from({ length: rank }, (_, axis) => axis);
}

/** Whether an order is the identity (the tensor is stored in its semantic layout). */
export function isIdentity(order: AxisOrder): boolean {
  return order.every((axis, index) => axis === index);
}

/** Where each semantic axis sits physically: the inverse permutation. */
export function physicalPositions(order: AxisOrder): number[] {
  const positions = new Array<number>(order.length);
  order.forEach((semantic, physical) => (positions[semantic] = physical));
  return positions;
}

/**
 * The backend's tensor handle: a tfjs tensor plus the order its axes are stored in.
 *
 * Image tensors live as NHWC and filters as HWIO once a tfjs kernel has produced or needed them,
 * so chains of convolutions and poolings never transpose; the layout changes (in place, on the
 * handle) only when an op needs another one, such as flattening for a fully connected layer.
 */
export class TfjsTensor implements Tensor {
  /** The semantic (contract) shape. */
  readonly shape: Shape;
  /** The tfjs tensor, its axes in `order`. Replaced when the handle is re-laid out. */
  value: TfTensor;
  /** Physical axis i holds semantic axis order[i]. */
  order: AxisOrder;
  /** Set by dispose; a second dispose is a caller bug. */
  disposed = false;

  constructor(value: TfTensor, shape: Shape, order: AxisOrder = identityOrder(shape.length)) {
    if (order.length !== shape.length) throw new Error(`internal: order [${order}] does not fit shape [${shape}]`);
    this.value = value;
    this.shape = [...shape];
    this.order = order;
  }
}
