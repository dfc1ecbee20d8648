import type { BackendCatalog } from "./run-bench.js";

/** The test registry's backends (see test-registry.mjs), plus one that is never available. */
export const testCatalog: BackendCatalog = {
  names: () => ["cpu", "broken", "crashing", "tfjs-cpu", "missing"],
  provider: async (name) => ({
    availability: async () =>
      name === "missing" ? { available: false, reason: "it is a test stand-in", howToEnable: "nothing to do" } : { available: true },
  }),
};

/** URL of the test registry module the children import. */
export const testRegistryModule = new URL("./test-registry.mjs", import.meta.url).href;
