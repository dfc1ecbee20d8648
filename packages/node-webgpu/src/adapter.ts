/** What `installNodeWebGpu` found: the adapter's description, or why there is none and how to get one. */
export type NodeWebGpuStatus = { readonly available: true; readonly adapter: string } | { readonly available: false; readonly reason: string; readonly howToEnable: string };

export interface AdapterLike {
  readonly info?: { readonly vendor?: string; readonly architecture?: string; readonly device?: string; readonly description?: string };
}

export interface GpuLike {
  requestAdapter(): Promise<AdapterLike | null>;
}

/** "Dawn on SwiftShader (software Vulkan): google swiftshader …", or why there is no adapter. */
export function describeAdapter(adapter: AdapterLike | null, source: string): NodeWebGpuStatus {
  if (adapter === null) return { available: false, reason: `${source} has no WebGPU adapter`, howToEnable: "use a browser or machine with a WebGPU-capable GPU" };
  const info = adapter.info;
  const words = [info?.vendor, info?.architecture, info?.description].filter((word): word is string => typeof word === "string" && word.length > 0);
  return { available: true, adapter: words.length > 0 ? `${source}: ${[...new Set(words)].join(" ")}` : source };
}
