import { renderLinePanel } from "../charts/line-panel.js";
import { colourAt, svgDocument } from "../charts/svg-text.js";
import type { EpochMetrics } from "./metrics.js";

const panelWidth = 460;
const panelHeight = 300;

/**
 * A loss and accuracy chart of a run as a standalone SVG document (written by hand; no plotting
 * library): training and validation loss on the left, accuracies on the right, by epoch. The x
 * axis starts at epoch 0 (before training), so one epoch is a visible point, not a point on the
 * axis; the accuracy axis spans the data (60–100% rather than a squashed 0–100%); legends sit
 * beside each plot, never on the curves.
 */
export function renderTrainingChart(history: readonly EpochMetrics[], title: string): string {
  const points = (value: (metrics: EpochMetrics) => number): { x: number; y: number }[] => history.map((metrics) => ({ x: metrics.epoch, y: value(metrics) }));
  const lossPanel = renderLinePanel({
    title: "Loss (cross-entropy)",
    xLabel: "epoch",
    width: panelWidth,
    height: panelHeight,
    integerX: true,
    xFromZero: true,
    series: [
      { label: "training", colour: colourAt(0), points: points((metrics) => metrics.trainLoss) },
      { label: "validation", colour: colourAt(1), points: points((metrics) => metrics.validationLoss) },
    ],
  });
  const accuracyPanel = renderLinePanel({
    title: "Accuracy (%)",
    xLabel: "epoch",
    width: panelWidth,
    height: panelHeight,
    integerX: true,
    xFromZero: true,
    yBounds: [0, 100],
    series: [
      { label: "training", colour: colourAt(0), points: points((metrics) => 100 * metrics.trainAccuracy) },
      { label: "validation top-1", colour: colourAt(1), points: points((metrics) => 100 * metrics.validationAccuracy) },
      { label: "validation top-5", colour: colourAt(2), points: points((metrics) => 100 * metrics.validationTop5) },
    ],
  });
  return svgDocument(2 * panelWidth, panelHeight + 30, title, [
    `<g transform="translate(0, 30)">${lossPanel}</g>`,
    `<g transform="translate(${panelWidth}, 30)">${accuracyPanel}</g>`,
  ]);
}
