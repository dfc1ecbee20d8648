import { elementCount } from "../reference/index.js";
import { positiveAxis, type NodeRunner } from "./node-io.js";
import type { OnnxTensorJson } from "./onnx-case.js";

/** Constant: host data for later nodes' shape, axes and flag inputs. */
const constant: NodeRunner = (io) => io.hostOutput(io.node.attributes.value as OnnxTensorJson);

/** CastLike: every tensor here is float32, so casting like one is the identity. */
const castLike: NodeRunner = (io) => io.output(io.input(0));

/** Dropout in inference: the identity, and a mask of all true. Training masks are seeded by the contract, not ONNX. */
const dropout: NodeRunner = (io) => {
  if (io.present(2) && (io.host(2).data[0] === true || io.host(2).data[0] === 1)) {
    throw new Error("onnx Dropout: training mode is not a conformance case (masks are seeded by the contract, not ONNX)");
  }
  const x = io.input(0);
  io.output(io.keep(io.backend.reshape(x, x.shape)));
  io.hostOutput({ dtype: "bool", dims: [...x.shape], data: new Array<boolean>(elementCount(x.shape)).fill(true) }, 1);
};

const flatten: NodeRunner = (io) => {
  const x = io.input(0);
  const axis = positiveAxis(io.attribute<number>("axis", 1), x.shape.length);
  io.output(io.keep(io.backend.reshape(x, [elementCount(x.shape.slice(0, axis)), elementCount(x.shape.slice(axis))])));
};

/** Reshape: 0 copies the input's dimension (unless allowzero), −1 is inferred. */
const reshape: NodeRunner = (io) => {
  const x = io.input(0);
  const allowZero = io.attribute<number>("allowzero", 0) === 1;
  const shape = (io.host(1).data as number[]).map((dimension, axis) => (dimension === 0 && !allowZero ? x.shape[axis] : dimension));
  const inferred = shape.indexOf(-1);
  if (inferred >= 0) shape[inferred] = elementCount(x.shape) / elementCount(shape.filter((dimension) => dimension !== -1));
  io.output(io.keep(io.backend.reshape(x, shape)));
};

const transpose: NodeRunner = (io) => {
  const x = io.input(0);
  io.output(io.keep(io.backend.transpose(x, io.attribute<number[]>("perm", [...x.shape.keys()].reverse()))));
};

const concat: NodeRunner = (io) => {
  const tensors = io.node.inputs.map((_, index) => io.input(index));
  io.output(io.keep(io.backend.concat(tensors, positiveAxis(io.attribute<number>("axis", 0), tensors[0].shape.length))));
};

/** Constants, identities and data movement. */
export const shapeRunners = {
  Constant: constant,
  CastLike: castLike,
  Dropout: dropout,
  Flatten: flatten,
  Reshape: reshape,
  Transpose: transpose,
  Concat: concat,
} as const satisfies Record<string, NodeRunner>;
