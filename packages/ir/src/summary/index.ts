import { GraphError } from "../errors.js";
import type { Graph } from "../graph.js";
import { formatJsonSummary } from "./json.js";
import { formatKerasSummary } from "./keras.js";
import { formatRichSummary } from "./rich.js";
import { formatTorchSummary } from "./torch.js";

/** The summary formats, the default first. */
export const summaryFormats = ["rich", "keras", "torch", "json"] as const;
export type SummaryFormat = (typeof summaryFormats)[number];

/** What every format may take; each uses what it understands. */
export interface SummaryOptions {
  /**
   * Images per pass. rich and json: default 1. torch: torchsummary's batch_size, default -1
   * (printed as -1, memory for one sample). keras ignores it (Keras prints None).
   */
  readonly batch?: number;
  /** rich: print each layer's comment under its row. */
  readonly comments?: boolean;
}

export function isSummaryFormat(name: string): name is SummaryFormat {
  return (summaryFormats as readonly string[]).includes(name);
}

/** The graph's summary in one of the formats, as text ending with a newline. */
export function formatSummary(graph: Graph, format: SummaryFormat, options: SummaryOptions = {}): string {
  switch (format) {
    case "rich":
      return formatRichSummary(graph, options);
    case "keras":
      return formatKerasSummary(graph);
    case "torch":
      return formatTorchSummary(graph, options.batch === undefined ? {} : { batchSize: options.batch });
    case "json":
      return formatJsonSummary(graph, options);
    default:
      throw new GraphError(`unknown summary format "${String(format)}"; choose one of: ${summaryFormats.join(", ")}`);
  }
}

export { formatJsonSummary, summaryJson, summaryJsonVersion, type SummaryJson, type SummaryJsonNode } from "./json.js";
export { formatKerasSummary, kerasLayers, kerasShape, type KerasLayer } from "./keras.js";
export { describeGeometry, formatRichSummary, summaryTotals, type RichSummaryOptions, type SummaryTotals } from "./rich.js";
export { formatTorchSummary, torchModuleRows, type TorchModuleRow, type TorchSummaryOptions } from "./torch.js";
export { formatBytes, formatCompact, formatFixed, formatMegabytes, formatThousands } from "./number-format.js";
