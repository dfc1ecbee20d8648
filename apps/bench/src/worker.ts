/**
 * A benchmark child process: one backend (or one peer on a backend's engine) per process, so
 * engines never share a process — tfjs has a single global engine, and native or threaded
 * engines cannot disturb each other's timings. The parent sends setup, then run messages;
 * each run message answers with its timed runs.
 */
import { buildVariant } from "@alexnet-ts/alexnet";
import type { Backend } from "@alexnet-ts/engine";
import { installedBackendRegistry } from "@alexnet-ts/registry/node";
import { EngineRunner } from "./engine-runner.js";
import { LayersPeerRunner } from "./layers-peer.js";
import { OnnxPeerRunner } from "./onnx-peer.js";
import type { ChildMessage, ParentMessage, RunMessage, SetupMessage } from "./protocol.js";
import type { PreparedWorkload, WorkloadRunner } from "./runner.js";

let runner: WorkloadRunner | undefined;
let current: { id: string; prepared: PreparedWorkload } | undefined;

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => process.send!(message, undefined, {}, () => resolve()));
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.trim().split("\n")[0] ?? text;
}

async function setup(message: SetupMessage): Promise<void> {
  if (message.peer === "onnxruntime") {
    runner = await OnnxPeerRunner.create(buildVariant(message.variant, message.variantOptions), message.seed);
    await send({ type: "ready", engine: runner.engine(), node: process.version });
    return;
  }
  const backend = await makeBackend(message);
  const graph = buildVariant(message.variant, message.variantOptions);
  runner = message.peer === "tfjs-layers" ? new LayersPeerRunner(backend, graph, message.seed) : new EngineRunner(backend, graph, message.seed);
  await send({ type: "ready", engine: runner.engine(), node: process.version });
}

async function run(message: RunMessage): Promise<void> {
  if (runner === undefined) throw new Error("run before setup");
  if (current?.id !== message.workload.id) {
    current?.prepared.release();
    current = undefined;
    const prepared = await runner.prepare(message.workload);
    current = { id: message.workload.id, prepared };
    for (let index = 0; index < message.warmup; index++) await prepared.run();
  }
  const milliseconds: number[] = [];
  for (let index = 0; index < message.runs; index++) {
    const started = performance.now();
    await current.prepared.run();
    milliseconds.push(performance.now() - started);
  }
  const deviceBytes = runner.deviceBytes();
  await send({
    type: "result",
    milliseconds,
    // maxRSS is in kibibytes on Linux and macOS.
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    ...(deviceBytes !== undefined && { deviceBytes }),
    engine: runner.engine(),
  });
}

async function stop(): Promise<void> {
  current?.prepared.release();
  await runner?.close();
  process.exit(0);
}

// Messages are handled one at a time, in order.
let queue = Promise.resolve();
process.on("message", (message: ParentMessage) => {
  queue = queue.then(async () => {
    try {
      if (message.type === "setup") await setup(message);
      else if (message.type === "run") await run(message);
      else await stop();
    } catch (error) {
      if (message.type === "run") {
        // A failed workload leaves its state behind; drop it so the next workload starts clean.
        current = undefined;
      }
      await send({ type: "error", message: firstLine(error) });
    }
  });
});
// Ctrl-C reaches the whole process group; the parent reports what was measured, the child just ends.
process.on("SIGINT", () => process.exit(130));

/** The backend a setup message names, from the installed backend packages (or a test's module). */
async function makeBackend(message: SetupMessage): Promise<Backend> {
  if (message.registryModule === undefined) return installedBackendRegistry().create(message.backend);
  const registry = (await import(message.registryModule)) as { resolveBackend?: (name: string) => Promise<Backend> };
  if (typeof registry.resolveBackend !== "function") throw new Error(`${message.registryModule} does not export resolveBackend`);
  return registry.resolveBackend(message.backend);
}
