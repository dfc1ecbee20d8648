import type { Resident } from "./gpujs.js";

/**
 * Device memory shared by the tensor handles that view it (a reshape shares its input's storage).
 *
 * Its contents arrive as a promise: WebGPU kernels resolve their output handle asynchronously, so
 * every op chains on its inputs' promises instead of blocking. Storage is freed when no handle
 * refers to it and no issued kernel still waits to read it, so disposing an input right after
 * issuing the op that reads it is safe.
 */
export class Storage {
  private handles = 1;
  private pendingReads = 0;
  private freed = false;

  /**
   * @param ready resolves to the device-resident values once the producing kernel has been issued
   * @param free releases the resident values (texture, buffer) on the device
   */
  constructor(
    readonly ready: Promise<Resident>,
    private readonly free: (resident: Resident) => void,
  ) {
    // A failed kernel surfaces where its result is read (download); unread failures are not
    // unhandled rejections.
    ready.catch(() => undefined);
  }

  /** Another handle views this storage. */
  retain(): void {
    this.handles += 1;
  }

  /** A handle viewing this storage was disposed. */
  release(): void {
    this.handles -= 1;
    this.freeWhenUnused();
  }

  /** An issued kernel will read this storage. */
  beginRead(): void {
    this.pendingReads += 1;
  }

  /** That kernel has been issued (its reads are queued on the device). */
  endRead(): void {
    this.pendingReads -= 1;
    this.freeWhenUnused();
  }

  private freeWhenUnused(): void {
    if (this.freed || this.handles > 0 || this.pendingReads > 0) return;
    this.freed = true;
    this.ready.then(this.free, () => undefined);
  }
}
