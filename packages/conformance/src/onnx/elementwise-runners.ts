import { activations, type ActivationDefinition, type ActivationNode, type BinaryOp, type UnaryOp } from "@alexnet-ts/engine";
import { activationOpTypes, opDefinitions } from "@alexnet-ts/ir";
import { positiveAxis, type NodeRunner } from "./node-io.js";

/** Add, Sub, Mul, Div, Max and Sum: a left fold of the contract's broadcasting binary op (one input: a copy). */
function binary(op: BinaryOp): NodeRunner {
  return (io) => {
    let result = io.input(0);
    if (io.node.inputs.length === 1) result = io.keep(io.backend.reshape(result, result.shape));
    for (let index = 1; index < io.node.inputs.length; index++) result = io.keep(io.backend.binary(op, result, io.input(index)));
    io.output(result);
  };
}

function unary(op: UnaryOp): NodeRunner {
  return (io) => io.output(io.keep(io.backend.unary(op, io.input(0))));
}

/** ReduceMax and ReduceSum: axes from the input (opset 18) or the attribute; none means every axis. */
function reduce(op: "max" | "sum"): NodeRunner {
  return (io) => {
    const x = io.input(0);
    const listed = io.present(1) ? (io.host(1).data as number[]) : io.attribute<number[]>("axes", []);
    // noop_with_empty_axes is 0 in these cases.
    const axes = listed.length === 0 ? [...x.shape.keys()] : listed.map((axis) => positiveAxis(axis, x.shape.length));
    io.output(io.keep(io.backend.reduce(op, x, { axes, keepDimensions: io.attribute<number>("keepdims", 1) === 1 })));
  };
}

/**
 * Every IR activation under the ONNX op type it declares (Relu, Tanh, Sigmoid), run as the
 * engine runs it: a new activation is covered as soon as the IR and the engine know it.
 */
const activationRunners: Readonly<Record<string, NodeRunner>> = Object.fromEntries(
  activationOpTypes.map((op) => {
    const definition = activations[op] as ActivationDefinition<ActivationNode["attributes"]>;
    const runner: NodeRunner = (io) => io.output(io.keep(definition.forward(io.backend, io.input(0), {})));
    return [opDefinitions[op].names.onnx, runner];
  }),
);

/** Elementwise functions, reductions and the IR's activations. */
export const elementwiseRunners = {
  Add: binary("add"),
  Sub: binary("subtract"),
  Mul: binary("multiply"),
  Div: binary("divide"),
  Max: binary("maximum"),
  Sum: binary("add"),
  Exp: unary("exp"),
  Log: unary("log"),
  ReduceMax: reduce("max"),
  ReduceSum: reduce("sum"),
  ...activationRunners,
} as const satisfies Record<string, NodeRunner>;
