import type { BackendCore, BackendOverrides } from "./backend.js";

/** The core's ops: its members other than the backend's identity and `close`. */
type CoreOpName = Exclude<keyof BackendCore, "name" | "contractVersion" | "describe" | "close">;

/**
 * Every op of the contract and whether a backend must write it ("core") or may override its
 * default ("overridable"). The one list of op names: the type makes a missing, extra or misfiled
 * name a compile error, and `coreOps` and `overridableOps` are read from it.
 */
const opKinds = {
  upload: "core",
  download: "core",
  dispose: "core",
  liveTensorCount: "core",
  unary: "core",
  binary: "core",
  reduce: "core",
  matmul: "core",
  conv2d: "core",
  maxPool2d: "core",
  reshape: "core",
  transpose: "core",
  pad: "core",
  slice: "core",
  concat: "core",
  fill: "overridable",
  addBias: "overridable",
  conv2dBiasActivation: "overridable",
  conv2dBackwardInput: "overridable",
  conv2dBackwardFilter: "overridable",
  maxPool2dBackward: "overridable",
  avgPool2d: "overridable",
  avgPool2dBackward: "overridable",
  adaptiveAvgPool2d: "overridable",
  adaptiveAvgPool2dBackward: "overridable",
  localResponseNorm: "overridable",
  localResponseNormBackward: "overridable",
  batchNorm2dInference: "overridable",
  batchNorm2dTraining: "overridable",
  batchNorm2dBackward: "overridable",
  softmax: "overridable",
  logSoftmax: "overridable",
  softmaxBackward: "overridable",
  logSoftmaxBackward: "overridable",
  crossEntropyWithLogits: "overridable",
  dropoutMask: "overridable",
  activationBackward: "overridable",
  sgdUpdate: "overridable",
} as const satisfies Record<CoreOpName, "core"> & Record<keyof BackendOverrides, "overridable">;

type OpKinds = typeof opKinds;
type OpsOfKind<Kind> = { [Name in keyof OpKinds]: OpKinds[Name] extends Kind ? Name : never }[keyof OpKinds];

function opsOfKind<Kind extends "core" | "overridable">(kind: Kind): readonly OpsOfKind<Kind>[] {
  return (Object.keys(opKinds) as (keyof OpKinds)[]).filter((name): name is OpsOfKind<Kind> => opKinds[name] === kind);
}

/** The names of the required core ops, in the contract's order. */
export const coreOps: readonly CoreOpName[] = opsOfKind("core");

/** The names of the defaulted ops, in the contract's order. */
export const overridableOps: readonly (keyof BackendOverrides)[] = opsOfKind("overridable");
