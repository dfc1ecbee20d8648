import type { BackendProvider } from "@alexnet-ts/engine";
import { tfjsBackendProviders } from "./index.js";

/** The provider of an engine and, when it cannot run here, the reason to print for skipping its tests. */
export async function engineUnderTest(name: string): Promise<{ provider: BackendProvider; skipReason?: string }> {
  const provider = tfjsBackendProviders.find((candidate) => candidate.name === name);
  if (provider === undefined) throw new Error(`no provider named ${name}`);
  const status = await provider.availability();
  return status.available ? { provider } : { provider, skipReason: `${name} is not available here: ${status.reason} (to enable: ${status.howToEnable})` };
}
