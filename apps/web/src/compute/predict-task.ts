import { buildVariant, decodeCheckpoint, classifyImage, restoreTrainedModel } from "@alexnet-ts/alexnet";
import { createModel } from "@alexnet-ts/engine";
import { elementCount } from "@alexnet-ts/ir";
import { useBackend } from "./backend-session.js";
import { decodeImageBytes } from "./image-decode.js";
import { seededImage } from "./seeded-image.js";
import type { ComputeReply, ModelChoice } from "./protocol.js";

function softmax(logits: Float32Array): Float32Array {
  const max = Math.max(...logits);
  const exponentials = logits.map((value) => Math.exp(value - max));
  const sum = exponentials.reduce((total, value) => total + value, 0);
  return exponentials.map((value) => value / sum);
}

/**
 * `alexnet predict --variant V --seed S` in the page: weights and a random input from the seed,
 * one forward pass, the top classes (and every probability, for comparing backends).
 */
export async function predictSeeded(backendName: string, choice: ModelChoice, seed: number, top: number): Promise<ComputeReply> {
  const graph = buildVariant(choice.variant, choice.options);
  const backend = await useBackend(backendName);
  const model = await createModel(backend, graph, { seed });
  try {
    const image = seededImage(elementCount(graph.input.shape), seed);
    const started = performance.now();
    const output = await model.predict(image, 1);
    const milliseconds = performance.now() - started;
    const lastOp = graph.nodes.find((node) => node.name === graph.output)?.op;
    const probabilities = lastOp === "softmax" ? output : lastOp === "logSoftmax" ? output.map(Math.exp) : softmax(output);
    const ranked = [...probabilities.keys()].sort((a, b) => probabilities[b] - probabilities[a]).slice(0, top);
    const rows = [{ label: `random input, seed ${seed}`, milliseconds, top: ranked.map((index) => ({ className: graph.classNames?.[index] ?? `class ${index}`, probability: probabilities[index] })) }];
    return { kind: "predictions", backend: backendName, engine: backend.describe(), rows, probabilities: [...probabilities] };
  } finally {
    model.dispose();
  }
}

/** `alexnet predict --checkpoint C images…` in the page: the checkpoint and images as bytes chosen by the user. */
export async function predictImages(backendName: string, checkpoint: Uint8Array, checkpointName: string, images: readonly { name: string; bytes: Uint8Array }[]): Promise<ComputeReply> {
  const decoded = decodeCheckpoint(checkpoint, checkpointName);
  const backend = await useBackend(backendName);
  const trained = await restoreTrainedModel(backend, decoded, checkpointName);
  try {
    const rows = [];
    for (const image of images) {
      const rgb = await decodeImageBytes(image.bytes, image.name);
      const started = performance.now();
      const top = await classifyImage(trained, rgb);
      rows.push({ label: image.name, top, milliseconds: performance.now() - started });
    }
    return { kind: "predictions", backend: backendName, engine: backend.describe(), rows };
  } finally {
    trained.model.dispose();
  }
}
