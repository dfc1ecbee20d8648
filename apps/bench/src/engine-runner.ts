import { createModel, createSgdOptimizer, type Backend, type Model, type SgdOptimizer } from "@alexnet-ts/engine";
import { elementCount, type Graph } from "@alexnet-ts/ir";
import { prepareOpWorkload } from "./op-workloads.js";
import { randomLabels, randomValues } from "./random-data.js";
import type { PreparedWorkload, WorkloadRunner } from "./runner.js";
import type { Workload } from "./workloads.js";

/** The paper's optimizer settings (section 5), for the training-step workload. */
const sgdSettings = { learningRate: 0.01, momentum: 0.9, weightDecay: 5e-4 };

/**
 * Runs workloads through this project's engine on one backend. The model (and, once training is
 * asked for, its optimizer) is made once and shared by the model-level workloads.
 */
export class EngineRunner implements WorkloadRunner {
  private model: Model | undefined;
  private optimizer: SgdOptimizer | undefined;
  private step = 0;

  constructor(
    private readonly backend: Backend,
    private readonly graph: Graph,
    private readonly seed: number,
  ) {}

  engine(): string {
    return this.backend.describe();
  }

  deviceBytes(): number | undefined {
    return undefined;
  }

  async prepare(workload: Workload): Promise<PreparedWorkload> {
    if (workload.kind === "op") return prepareOpWorkload(this.backend, this.graph, workload, this.seed);
    this.model ??= await createModel(this.backend, this.graph, { seed: this.seed });
    const model = this.model;
    const images = randomValues(workload.batch * elementCount(this.graph.input.shape), this.seed + 1);
    if (workload.id !== "training-step") {
      return { run: async () => void (await model.predict(images, workload.batch)), release: () => undefined };
    }
    this.optimizer ??= createSgdOptimizer(model, sgdSettings);
    const optimizer = this.optimizer;
    const labels = randomLabels(workload.batch, model.classCount, this.seed + 2);
    const lastParameter = model.trainableParameterNames().at(-1)!;
    return {
      run: async () => {
        this.step += 1;
        await model.trainStep(images, labels, optimizer, { seed: this.seed + this.step });
        // Reading one updated parameter back waits for the SGD update on engines that queue work.
        await this.backend.download(model.parameter(lastParameter));
      },
      release: () => undefined,
    };
  }

  async close(): Promise<void> {
    this.optimizer?.dispose();
    this.model?.dispose();
    await this.backend.close?.();
  }
}
