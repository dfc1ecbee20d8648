/**
 * The order of `alexnet backends` and of a registry's best() (lower first), after the cpu
 * backend (rank 1). One table for the Node and the browser providers.
 */
export const tfjsRanks: Readonly<Record<string, number>> = { "tfjs-cpu": 20, "tfjs-wasm": 21, "tfjs-webgl": 22, "tfjs-webgpu": 23, "tfjs-node": 24 };
