import { computeClient } from "../compute/compute-client.js";
import type { BackendRow, BenchTargetReply, BenchTargetRequest } from "../compute/protocol.js";
import { browserBackends } from "./backend-picker.js";

/** A failed request, as the hook answers it. */
export interface BenchHookError {
  readonly kind: "error";
  /** One line: why the setup or the run failed. */
  readonly message: string;
}

/**
 * What `alexnet bench --browser` drives the Bench page through, from Node (playwright's
 * `page.evaluate` on `window.alexnetBench`): this browser's backends, and bench target requests
 * (setup, one run, stop) answered by the page's compute worker, one at a time. A failure is an
 * answer, not a throw, so the benchmark keeps it in its rows and goes on. Plain JSON both ways:
 * the benchmark holds its own copy of these shapes, since no app imports another.
 */
export interface BenchHook {
  backends(): Promise<readonly BackendRow[]>;
  request(request: BenchTargetRequest): Promise<BenchTargetReply | BenchHookError>;
}

/** Puts the hook on `window.alexnetBench` (the Bench page does, when it is first shown). */
export function installBenchHook(): void {
  const hook: BenchHook = {
    backends: () => browserBackends(),
    request: (request) =>
      computeClient()
        .request<BenchTargetReply["kind"]>(request)
        .then(
          (reply): BenchTargetReply | BenchHookError => reply,
          (error: Error): BenchHookError => ({ kind: "error", message: error.message }),
        ),
  };
  (globalThis as unknown as { alexnetBench?: BenchHook }).alexnetBench = hook;
}
