// What Dawn needs from the machine, read with Node's modules imported only when asked.

/** Whether the machine exposes a GPU to this process (Linux DRM render nodes or NVIDIA's device files). */
export async function hasGpuDeviceNodes(): Promise<boolean> {
  const { existsSync, readdirSync } = await import("node:fs");
  try {
    return (existsSync("/dev/dri") && readdirSync("/dev/dri").some((name) => name.startsWith("renderD"))) || existsSync("/dev/nvidiactl");
  } catch {
    return false;
  }
}

/** Dawn warns without XDG_RUNTIME_DIR; give it a private (0700) one when the session has none. */
export async function ensureRuntimeDirectory(): Promise<void> {
  if (process.env.XDG_RUNTIME_DIR !== undefined) return;
  const [{ mkdirSync }, { tmpdir }, { join }] = await Promise.all([import("node:fs"), import("node:os"), import("node:path")]);
  const directory = join(tmpdir(), `alexnet-ts-runtime-${process.getuid?.() ?? "user"}`);
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  process.env.XDG_RUNTIME_DIR = directory;
}
