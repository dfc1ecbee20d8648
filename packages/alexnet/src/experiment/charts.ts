import { renderBarPanel } from "../charts/bar-panel.js";
import { renderLinePanel, type LinePoint, type LineSeries } from "../charts/line-panel.js";
import { colourAt, svgDocument } from "../charts/svg-text.js";
import { spreadOf } from "./statistics.js";
import type { ArmSummary, ExperimentSummary } from "./summary.js";

const panelWidth = 520;
const panelHeight = 320;

/** Mean and ± one standard deviation over seeds at each x where every seed has a value. */
function bandOverSeeds(curves: readonly (readonly number[])[], x: (index: number) => number, every = 1): LinePoint[] {
  const length = Math.min(...curves.map((curve) => curve.length));
  const points: LinePoint[] = [];
  if (!Number.isFinite(length)) return points;
  for (let index = 0; index < length; index++) {
    if (index % every !== every - 1 && index !== length - 1) continue;
    const spread = spreadOf(curves.map((curve) => curve[index]));
    if (!Number.isFinite(spread.mean)) continue;
    points.push({ x: x(index), y: spread.mean, low: spread.mean - spread.deviation, high: spread.mean + spread.deviation });
  }
  return points;
}

function series(arms: readonly ArmSummary[], points: (arm: ArmSummary) => LinePoint[]): LineSeries[] {
  return arms.filter((arm) => arm.runs.length > 0).map((arm, index) => ({ label: arm.arm.name, colour: colourAt(index), points: points(arm) }));
}

/**
 * Learning curves of every arm, mean over seeds with a ±1 standard deviation band: training
 * error (per step, smoothed, with the threshold, for speed claims; per epoch otherwise) on the
 * left, validation top-1 error per epoch on the right.
 */
export function renderCurvesChart(summary: ExperimentSummary, title: string): string {
  const threshold = summary.threshold;
  const left =
    threshold !== undefined
      ? renderLinePanel({
          title: "Training error (%), smoothed",
          xLabel: "step",
          width: panelWidth,
          height: panelHeight,
          xFromZero: true,
          yBounds: [0, 100],
          referenceLines: Number.isFinite(threshold.value) ? [{ y: threshold.value, label: `threshold ${threshold.value}%` }] : [],
          series: series(summary.arms, (arm) => {
            const curves = arm.runs.map((figures) => figures.errorCurve);
            const every = Math.max(1, Math.ceil(Math.min(...curves.map((curve) => curve.length)) / 120));
            return bandOverSeeds(curves, (index) => index + 1, every);
          }),
        })
      : renderLinePanel({
          title: "Training error (%)",
          xLabel: "epoch",
          width: panelWidth,
          height: panelHeight,
          integerX: true,
          xFromZero: true,
          yBounds: [0, 100],
          series: series(summary.arms, (arm) => bandOverSeeds(arm.runs.map((figures) => figures.history.map((metrics) => 100 * (1 - metrics.trainAccuracy))), (index) => index + 1)),
        });
  const right = renderLinePanel({
    title: "Validation top-1 error (%)",
    xLabel: "epoch",
    width: panelWidth,
    height: panelHeight,
    integerX: true,
    xFromZero: true,
    yBounds: [0, 100],
    series: series(summary.arms, (arm) => bandOverSeeds(arm.runs.map((figures) => figures.history.map((metrics) => 100 * (1 - metrics.validationAccuracy))), (index) => index + 1)),
  });
  return svgDocument(2 * panelWidth, panelHeight + 30, title, [`<g transform="translate(0, 30)">${left}</g>`, `<g transform="translate(${panelWidth}, 30)">${right}</g>`]);
}

/** The headline figure as bars with ±1 standard deviation: steps to the threshold for speed claims, else test top-1 error beside the train–test gap. */
export function renderHeadlineChart(summary: ExperimentSummary, title: string): string {
  const arms = summary.arms.filter((arm) => arm.runs.length > 0);
  const width = Math.max(800, 110 * arms.length + 80);
  const height = 340;
  const speed = summary.definition.headline === "speed";
  const panel = renderBarPanel({
    title: speed ? `Steps to ${summary.threshold?.value ?? "?"}% training error (runs that reached it)` : "Test top-1 error and train–test gap",
    yLabel: speed ? "steps" : "percent / points",
    categories: arms.map((arm) => arm.arm.name),
    measures: speed ? [{ label: "steps to threshold", colour: colourAt(0) }] : [{ label: "test top-1 error (%)", colour: colourAt(0) }, { label: "train–test gap (points)", colour: colourAt(1) }],
    values: arms.map((arm) => (speed ? [arm.stepsToThreshold] : [arm.testTop1Error, arm.overfitting])),
    width,
    height,
  });
  return svgDocument(width, height + 30, title, [`<g transform="translate(0, 30)">${panel}</g>`]);
}
