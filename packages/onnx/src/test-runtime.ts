import { backendProviders } from "@alexnet-ts/backend-cpu";
import { createModel } from "@alexnet-ts/engine";
import type { Graph } from "@alexnet-ts/ir";
import type { WeightTensor } from "./tensor.js";

/** The parts of onnxruntime-node's API the tests use (it is installed by .ci/run, not a dependency). */
export interface OnnxRuntime {
  readonly InferenceSession: {
    create(model: Uint8Array, options?: object): Promise<{ inputNames: string[]; outputNames: string[]; run(feeds: object): Promise<Record<string, { data: Float32Array; dims: readonly number[] }>>; release(): Promise<void> }>;
  };
  readonly Tensor: new (type: "float32", data: Float32Array, dimensions: readonly number[]) => object;
}

export const onnxRuntimeHowToInstall = "ONNXRUNTIME_NODE_INSTALL=skip npm install --no-save --no-audit --no-fund onnxruntime-node@1.30.0";

/** onnxruntime-node when installed, else the reason a test skips. */
export async function loadOnnxRuntime(): Promise<{ runtime?: OnnxRuntime; skipReason?: string }> {
  try {
    const loaded = (await import("onnxruntime-node" as string)) as OnnxRuntime & { default?: OnnxRuntime };
    return { runtime: loaded.InferenceSession === undefined && loaded.default !== undefined ? loaded.default : loaded };
  } catch (error) {
    return { skipReason: `onnxruntime-node is not installed (${(error as Error).message.split("\n")[0]}); install it with: ${onnxRuntimeHowToInstall}` };
  }
}

/** Runs an ONNX model's single input through onnxruntime's CPU execution provider. */
export async function runOnnxRuntime(runtime: OnnxRuntime, model: Uint8Array, input: Float32Array, dimensions: readonly number[]): Promise<Float32Array> {
  const session = await runtime.InferenceSession.create(model, { executionProviders: ["cpu"], intraOpNumThreads: 1 });
  try {
    const outputs = await session.run({ [session.inputNames[0]]: new runtime.Tensor("float32", input, dimensions) });
    return outputs[session.outputNames[0]].data;
  } finally {
    await session.release();
  }
}

/** Runs a graph with these weights on the cpu backend through the engine. */
export async function runCpuBackend(graph: Graph, parameters: ReadonlyMap<string, WeightTensor>, input: Float32Array, batch: number): Promise<Float32Array> {
  const backend = await backendProviders[0].create();
  try {
    const model = await createModel(backend, graph, { seed: 1 });
    try {
      model.importParameters(parameters);
      return await model.predict(input, batch);
    } finally {
      model.dispose();
    }
  } finally {
    await backend.close?.();
  }
}

/** Deterministic inputs in [-scale, scale). */
export function patternedInput(count: number, seed: number, scale = 1): Float32Array {
  const values = new Float32Array(count);
  let state = seed >>> 0 || 1;
  for (let index = 0; index < count; index++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values[index] = ((state / 2 ** 32) * 2 - 1) * scale;
  }
  return values;
}
