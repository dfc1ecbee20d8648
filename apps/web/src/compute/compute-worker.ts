/// <reference lib="webworker" />
/**
 * The compute worker: every backend, model and training run of the app lives here, so the pages
 * never block (the cpu backend's own gemm workers are started from here, where blocking waits are
 * allowed). Requests come with an id; each gets one or more replies, the last one `final`.
 */
import { bench, runBenchTarget, setupBenchTarget, stopBenchTarget } from "./bench-task.js";
import { browserBackendNames, browserBackendProvider } from "./backend-choices.js";
import { predictImages, predictSeeded } from "./predict-task.js";
import type { BackendRow, ComputeReply, ComputeRequest, ReplyEnvelope, RequestEnvelope } from "./protocol.js";
import { controlTraining, train, trainingCheckpoint } from "./train-task.js";

const scope = self as unknown as DedicatedWorkerGlobalScope;

function send(id: number, reply: ComputeReply, final: boolean): void {
  const envelope: ReplyEnvelope = { id, reply, final };
  scope.postMessage(envelope);
}

async function listBackends(): Promise<ComputeReply> {
  const rows: BackendRow[] = [];
  for (const name of browserBackendNames) {
    try {
      const provider = await browserBackendProvider(name);
      const availability = await provider.availability();
      rows.push(availability.available ? { name, description: provider.description, available: true } : { name, description: provider.description, available: false, reason: availability.reason });
    } catch (error) {
      rows.push({ name, description: "", available: false, reason: oneLine(error) });
    }
  }
  return { kind: "backends", rows };
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
