/// <reference lib="webworker" />
/**
 * The compute worker: every backend, model and training run of the app lives here, so the pages
 * never block (the cpu backend's own gemm workers are started from here, where blocking waits are
 * allowed). Requests come with an id; each gets one or more replies, the last one `final`.
 */
import { bench, runBenchTarget, setupBenchTarget, stopBenchTarget } from "./bench-task.js";
import { browserBackendRegistry } from "./backend-registry.js";
import { predictImages, predictSeeded } from "./predict-task.js";
import type { ComputeReply, ComputeRequest, ReplyEnvelope, RequestEnvelope } from "./protocol.js";
import { controlTraining, train, trainingCheckpoint } from "./train-task.js";

const scope = self as unknown as DedicatedWorkerGlobalScope;

function send(id: number, reply: ComputeReply, final: boolean): void {
  const envelope: ReplyEnvelope = { id, reply, final };
  scope.postMessage(envelope);
}

/** The registry's rows (as `alexnet backends` lists them) and the best available backend, the pages' default. */
async function listBackends(): Promise<ComputeReply> {
  const rows = await browserBackendRegistry.list();
  const best = await browserBackendRegistry.best().then(
    (provider) => provider.name,
    () => undefined,
  );
  return { kind: "backends", rows, ...(best !== undefined && { best }) };
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0];
}

async function handle(id: number, request: ComputeRequest): Promise<void> {
  switch (request.kind) {
    case "list-backends":
      return send(id, await listBackends(), true);
    case "predict-seeded":
      return send(id, await predictSeeded(request.backend, request.model, request.seed, request.top), true);
    case "predict-images":
      return send(id, await predictImages(request.backend, request.checkpoint, request.checkpointName, request.images), true);
    case "train-start":
      await train(request.backend, request.settings, (reply) => send(id, reply, false));
      return send(id, { kind: "train-state", state: "stopped" }, true);
    case "train-pause":
      return send(id, { kind: "train-state", state: controlTraining("pause") }, true);
    case "train-resume":
      return send(id, { kind: "train-state", state: controlTraining("resume") }, true);
    case "train-stop":
      return send(id, { kind: "train-state", state: controlTraining("stop") }, true);
    case "train-checkpoint":
      return send(id, await trainingCheckpoint(), true);
    case "bench":
      return send(id, await bench(request.backend, request.settings), true);
    case "bench-setup":
      return send(id, await setupBenchTarget(request.backend, request.model, request.seed), true);
    case "bench-run":
      return send(id, await runBenchTarget(request.workload, request.batch, request.warmup, request.runs), true);
    case "bench-stop":
      return send(id, stopBenchTarget(), true);
  }
}

scope.addEventListener("message", (event: MessageEvent<RequestEnvelope>) => {
  const { id, request } = event.data;
  handle(id, request).catch((error: unknown) => send(id, { kind: "error", message: oneLine(error) }, true));
});
