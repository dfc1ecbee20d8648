/** The file names inside a run's output folder. */
export const outputFiles = { checkpoint: "checkpoint.safetensors", best: "best.safetensors", metrics: "metrics.jsonl", chart: "training.svg", chartPng: "training.png" } as const;
