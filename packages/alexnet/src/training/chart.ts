import type { EpochMetrics } from "./metrics.js";

interface Series {
  readonly label: string;
  readonly colour: string;
  readonly values: readonly number[];
}

const panelWidth = 420;
const panelHeight = 280;
const margin = { left: 56, right: 16, top: 36, bottom: 44 };

/**
 * A loss and accuracy chart of a run as a standalone SVG document (written by hand; no plotting
 * library): training and validation loss on the left, accuracies on the right, by epoch.
 */
export function renderTrainingChart(history: readonly EpochMetrics[], title: string): string {
  const epochs = history.map((metrics) => metrics.epoch);
  const lossPanel = panel(
    "Loss (cross-entropy)",
    epochs,
    [
      { label: "training", colour: "#1f77b4", values: history.map((metrics) => metrics.trainLoss) },
      { label: "validation", colour: "#d62728", values: history.map((metrics) => metrics.validationLoss) },
    ],
    undefined,
  );
  const accuracyPanel = panel(
    "Accuracy (%)",
    epochs,
    [
      { label: "training", colour: "#1f77b4", values: history.map((metrics) => 100 * metrics.trainAccuracy) },
      { label: "validation top-1", colour: "#d62728", values: history.map((metrics) => 100 * metrics.validationAccuracy) },
      { label: "validation top-5", colour: "#2ca02c", values: history.map((metrics) => 100 * metrics.validationTop5) },
    ],
    [0, 100],
  );
  const width = 2 * panelWidth;
  const height = panelHeight + 30;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="15">${escapeXml(title)}</text>`,
    `<g transform="translate(0, 30)">${lossPanel}</g>`,
    `<g transform="translate(${panelWidth}, 30)">${accuracyPanel}</g>`,
    `</svg>`,
    "",
  ].join("\n");
}

function panel(title: string, epochs: readonly number[], series: readonly Series[], fixedRange: readonly [number, number] | undefined): string {
  const plotWidth = panelWidth - margin.left - margin.right;
  const plotHeight = panelHeight - margin.top - margin.bottom;
  const finite = series.flatMap((line) => line.values).filter(Number.isFinite);
  let [low, high] = fixedRange ?? [Math.min(0, ...finite), Math.max(...finite, 1e-9)];
  if (high === low) high = low + 1;
  const firstEpoch = Math.min(...epochs, 1);
  const lastEpoch = Math.max(...epochs, firstEpoch + 1);
  const x = (epoch: number): number => margin.left + ((epoch - firstEpoch) / (lastEpoch - firstEpoch)) * plotWidth;
  const y = (value: number): number => margin.top + plotHeight - ((value - low) / (high - low)) * plotHeight;
  const parts: string[] = [`<text x="${margin.left + plotWidth / 2}" y="${margin.top - 14}" text-anchor="middle" font-size="13">${escapeXml(title)}</text>`];
  for (let tick = 0; tick <= 4; tick++) {
    const value = low + ((high - low) * tick) / 4;
    parts.push(`<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}" stroke="#ddd"/>`);
    parts.push(`<text x="${margin.left - 6}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end">${formatTick(value)}</text>`);
  }
  const tickStep = Math.max(1, Math.ceil((lastEpoch - firstEpoch) / 8));
  for (let epoch = firstEpoch; epoch <= lastEpoch; epoch += tickStep) {
    parts.push(`<text x="${x(epoch).toFixed(1)}" y="${margin.top + plotHeight + 16}" text-anchor="middle">${epoch}</text>`);
  }
  parts.push(`<text x="${margin.left + plotWidth / 2}" y="${margin.top + plotHeight + 34}" text-anchor="middle">epoch</text>`);
  parts.push(`<rect x="${margin.left}" y="${margin.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#444"/>`);
  series.forEach((line, index) => {
    const points = line.values
      .map((value, position) => (Number.isFinite(value) ? `${x(epochs[position]).toFixed(1)},${y(Math.min(high, Math.max(low, value))).toFixed(1)}` : undefined))
      .filter((point): point is string => point !== undefined);
    if (points.length > 1) parts.push(`<polyline fill="none" stroke="${line.colour}" stroke-width="2" points="${points.join(" ")}"/>`);
    for (const point of points) {
      const [cx, cy] = point.split(",");
      parts.push(`<circle cx="${cx}" cy="${cy}" r="2.5" fill="${line.colour}"/>`);
    }
    const legendY = margin.top + 14 + index * 16;
    parts.push(`<line x1="${margin.left + plotWidth - 130}" x2="${margin.left + plotWidth - 112}" y1="${legendY - 4}" y2="${legendY - 4}" stroke="${line.colour}" stroke-width="2"/>`);
    parts.push(`<text x="${margin.left + plotWidth - 106}" y="${legendY}">${escapeXml(line.label)}</text>`);
  });
  return parts.join("\n");
}

function formatTick(value: number): string {
  return Math.abs(value) >= 10 ? value.toFixed(0) : Math.abs(value) >= 1 ? value.toFixed(1) : value.toFixed(2);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
