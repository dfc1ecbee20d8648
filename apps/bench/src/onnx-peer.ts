import { cpus } from "node:os";
import type { Graph } from "@alexnet-ts/ir";
import { analyzeGraph, elementCount } from "@alexnet-ts/ir";
import { exportOnnx } from "@alexnet-ts/onnx";
import { randomValues } from "./random-data.js";
import type { PreparedWorkload, WorkloadRunner } from "./runner.js";
import type { Workload } from "./workloads.js";

/** The parts of onnxruntime-node's API the peer uses (it is an optional peer dependency, so no types are imported). */
interface OnnxRuntime {
  readonly env: { readonly versions?: { readonly common?: string } };
  readonly InferenceSession: {
    create(model: Uint8Array, options: { intraOpNumThreads: number; interOpNumThreads: number; graphOptimizationLevel: "all"; executionProviders: string[] }): Promise<OnnxSession>;
  };
  readonly Tensor: new (type: "float32", data: Float32Array, dimensions: readonly number[]) => unknown;
}

interface OnnxSession {
  readonly inputNames: readonly string[];
  run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown; dispose?(): void }>>;
  release(): Promise<void>;
}

/** How to get the peer where it is missing. */
export const onnxRuntimeHowToInstall = "ONNXRUNTIME_NODE_INSTALL=skip npm install --no-save onnxruntime-node@1.30.0 (its npm package ships the Linux, macOS and Windows CPU binaries)";

/**
 * The native reference point: the graph exported to ONNX by @alexnet-ts/onnx
 * (random weights: only their size matters) and run by onnxruntime-node's CPU execution provider
 * on every core. Inference only: onnxruntime-node does not train.
 */
export class OnnxPeerRunner implements WorkloadRunner {
  private constructor(
    private readonly runtime: OnnxRuntime,
    private readonly session: OnnxSession,
    private readonly graph: Graph,
    private readonly seed: number,
    private readonly threads: number,
  ) {}

  /** Loads onnxruntime-node (a clear error when it is not installed), exports the graph and opens a session. */
  static async create(graph: Graph, seed: number): Promise<OnnxPeerRunner> {
    let runtime: OnnxRuntime;
    try {
      const moduleName = "onnxruntime-node";
      const loaded = (await import(moduleName)) as OnnxRuntime & { default?: OnnxRuntime };
      runtime = loaded.InferenceSession === undefined && loaded.default !== undefined ? loaded.default : loaded;
    } catch (error) {
      throw new Error(`onnxruntime-node is not installed here (${(error as Error).message.split("\n")[0]}); to enable it: ${onnxRuntimeHowToInstall}`);
    }
    let parameterSeed = seed;
    // Small weights keep activations finite through the unnormalized layers.
    const parameters = new Map(
      analyzeGraph(graph).parameters.map((parameter) => [parameter.fullName, { shape: parameter.shape, values: randomValues(elementCount(parameter.shape), (parameterSeed += 1)).map((value) => value * 0.01) }]),
    );
    const model = exportOnnx(graph, parameters);
    const threads = cpus().length;
    const session = await runtime.InferenceSession.create(model, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: "all", executionProviders: ["cpu"] });
    return new OnnxPeerRunner(runtime, session, graph, seed, threads);
  }

  engine(): string {
    return `onnxruntime-node ${this.runtime.env.versions?.common ?? "1.30"} CPU execution provider, ${this.threads} intra-op threads, model exported to ONNX opset 13`;
  }

  deviceBytes(): number | undefined {
    return undefined;
  }

  async prepare(workload: Workload): Promise<PreparedWorkload> {
    if (workload.kind === "op") throw new Error("op-level workloads run on backends, not on peers");
    if (workload.id === "training-step") throw new Error("onnxruntime-node runs inference only");
    const images = randomValues(workload.batch * elementCount(this.graph.input.shape), this.seed + 1);
    const input = new this.runtime.Tensor("float32", images, [workload.batch, ...this.graph.input.shape]);
    return {
      run: async () => {
        const outputs = await this.session.run({ [this.session.inputNames[0]]: input });
        for (const output of Object.values(outputs)) output.dispose?.();
      },
      release: () => undefined,
    };
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
