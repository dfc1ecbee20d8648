import type { ComputeReply, ComputeRequest, ReplyEnvelope, RequestEnvelope } from "./protocol.js";

/**
 * The pages' side of the compute worker: `request` posts one request and resolves with its final
 * reply (an "error" reply rejects with its one-line message); `onReply` sees every reply before
 * that, e.g. training progress.
 */
export class ComputeClient {
  private readonly worker = new Worker(new URL("./compute-worker.ts", import.meta.url), { type: "module", name: "alexnet-compute" });
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(reply: ComputeReply): void; reject(error: Error): void; onReply?: (reply: ComputeReply) => void }>();

  constructor() {
    this.worker.addEventListener("message", (event: MessageEvent<ReplyEnvelope>) => {
      const { id, reply, final } = event.data;
      const waiting = this.pending.get(id);
      if (waiting === undefined) return;
      if (!final) {
        waiting.onReply?.(reply);
        return;
      }
      this.pending.delete(id);
      if (reply.kind === "error") waiting.reject(new Error(reply.message));
      else waiting.resolve(reply);
    });
    this.worker.addEventListener("error", (event) => {
      for (const waiting of this.pending.values()) waiting.reject(new Error(`the compute worker failed: ${event.message}`));
      this.pending.clear();
    });
  }

  request<K extends ComputeReply["kind"]>(request: ComputeRequest, onReply?: (reply: ComputeReply) => void): Promise<Extract<ComputeReply, { kind: K }>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (reply: ComputeReply) => void, reject, onReply });
      const envelope: RequestEnvelope = { id, request };
      this.worker.postMessage(envelope);
    });
  }
}

let client: ComputeClient | undefined;

/** The app's one compute worker, started on first use (the Model page never starts it). */
export function computeClient(): ComputeClient {
  client ??= new ComputeClient();
  return client;
}
