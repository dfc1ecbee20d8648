import { buildVariant } from "@alexnet-ts/alexnet";
import { analyzeGraph, elementCount, type Graph } from "@alexnet-ts/ir";
import { exportOnnx } from "./export/export-model.js";
import type { WeightTensor } from "./tensor.js";

/** A variant's graph, weights distinct per position and per parameter, and its export, made once per test file. */
export interface ExportedVariant {
  readonly graph: Graph;
  readonly parameters: Map<string, WeightTensor>;
  readonly bytes: Uint8Array;
}

const cache = new Map<string, ExportedVariant>();

export function exportedVariant(variant: string): ExportedVariant {
  const cached = cache.get(variant);
  if (cached !== undefined) return cached;
  const graph = buildVariant(variant);
  const parameters = new Map(
    analyzeGraph(graph).parameters.map((parameter, parameterIndex): [string, WeightTensor] => {
      const values = new Float32Array(elementCount(parameter.shape));
      // A cheap position pattern (a swapped, transposed or shifted tensor shows), small enough to keep activations finite.
      for (let index = 0; index < values.length; index++) values[index] = (((index * 7919 + parameterIndex * 104729) % 2001) - 1000) * 1e-5;
      // Variances must be positive, and batch norm's scale near 1 so that it neither vanishes nor explodes.
      if (parameter.name === "running_var" || parameter.name === "weight" && parameter.shape.length === 1) for (let index = 0; index < values.length; index++) values[index] = 1 + values[index] * 50;
      return [parameter.fullName, { shape: parameter.shape, values }];
    }),
  );
  const exported = { graph, parameters, bytes: exportOnnx(graph, parameters) };
  cache.set(variant, exported);
  return exported;
}

/** Lets a variant's tensors go once its checks are done (the large variants hold about 0.5 GB each). */
export function dropExportedVariant(variant: string): void {
  cache.delete(variant);
}
