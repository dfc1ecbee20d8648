import { describe, expect, it } from "vitest";
import { renderTrainingChart } from "../training/chart.js";
import type { EpochMetrics } from "../training/metrics.js";
import { renderBarPanel } from "./bar-panel.js";
import { renderLinePanel, plotAreaOf } from "./line-panel.js";
import { formatTick, niceTicks } from "./nice-ticks.js";
import { renderPng } from "./png.js";

function epochMetrics(epoch: number, accuracy: number): EpochMetrics {
  return {
    epoch,
    step: 10 * epoch,
    learningRate: 0.05,
    trainLoss: 2.3 / epoch,
    trainAccuracy: accuracy,
    validationLoss: 2.2 / epoch,
    validationAccuracy: accuracy - 0.02,
    validationTop5: Math.min(1, accuracy + 0.1),
    seconds: 1,
    imagesPerSecond: 100,
  };
}

/** The numbers of every `<text>` of the chart that is a tick label at this anchor. */
function tickLabels(svg: string, anchor: "end" | "middle"): string[] {
  return [...svg.matchAll(new RegExp(`<text x="[\\d.]+" y="[\\d.]+" text-anchor="${anchor}">([-\\d.]+)</text>`, "g"))].map((match) => match[1]);
}

describe("niceTicks", () => {
  it("puts ticks at round numbers (0 / 0.5 / … / 2.5, not 0.00 / 0.58 / 1.2)", () => {
    const ticks = niceTicks(0, 2.3, { count: 6 });
    expect(ticks.values).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    expect(ticks.values.map((value) => formatTick(value, ticks))).toEqual(["0.0", "0.5", "1.0", "1.5", "2.0", "2.5"]);
  });

  it("covers the data with a step of 1, 2, 2.5 or 5 times a power of ten", () => {
    for (const [low, high] of [[61.3, 98.7], [0.0012, 0.0071], [-3, 17], [1, 12]] as const) {
      const ticks = niceTicks(low, high);
      expect(ticks.low).toBeLessThanOrEqual(low);
      expect(ticks.high).toBeGreaterThanOrEqual(high);
      const mantissa = ticks.step / 10 ** Math.floor(Math.log10(ticks.step));
      expect([1, 2, 2.5, 5].some((nice) => Math.abs(mantissa - nice) < 1e-9)).toBe(true);
      expect(ticks.values.length).toBeGreaterThanOrEqual(3);
      expect(ticks.values.length).toBeLessThanOrEqual(11);
    }
  });

  it("widens a single value instead of drawing it on the frame, and keeps whole-number steps when asked", () => {
    const single = niceTicks(0.42, 0.42);
    expect(single.low).toBeLessThan(0.42);
    expect(single.high).toBeGreaterThan(0.42);
    expect(niceTicks(0, 1, { integer: true }).values).toEqual([0, 1]);
    expect(niceTicks(0, 3, { integer: true }).step).toBe(1);
    expect(niceTicks(0, 12, { integer: true, count: 6 }).values).toEqual([0, 2, 4, 6, 8, 10, 12]);
  });
});

describe("renderTrainingChart", () => {
  it("draws one epoch as a visible point inside the plot, on an axis from epoch 0 to 1", () => {
    const svg = renderTrainingChart([epochMetrics(1, 0.7)], "one epoch");
    expect(tickLabels(svg, "middle")).toEqual(["0", "1", "0", "1"]);
    const area = plotAreaOf(460, 300);
    const circles = [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map((match) => [Number(match[1]), Number(match[2])]);
    expect(circles.length).toBe(5);
    for (const [x] of circles) {
      const inPanel = x % 460;
      expect(inPanel).toBeGreaterThan(area.left + 1);
      expect(inPanel).toBeLessThan(area.left + area.width - 1);
    }
  });

  it("scales the accuracy axis to the data, within 0–100%, with round ticks", () => {
    const history = Array.from({ length: 12 }, (_, index) => epochMetrics(index + 1, 0.62 + 0.03 * index));
    const svg = renderTrainingChart(history, "twelve epochs");
    const accuracyTicks = tickLabels(svg.slice(svg.indexOf("Accuracy (%)")), "end").map(Number);
    expect(Math.min(...accuracyTicks)).toBeGreaterThanOrEqual(50);
    expect(Math.max(...accuracyTicks)).toBeLessThanOrEqual(100);
    const steps = accuracyTicks.slice(1).map((value, index) => value - accuracyTicks[index]);
    expect(new Set(steps).size).toBe(1);
  });

  it("keeps the legend outside the plot area, right of it", () => {
    const svg = renderLinePanel({
      title: "t",
      xLabel: "epoch",
      width: 460,
      height: 300,
      series: [{ label: "a long label that would cover curves", colour: "#000", points: [{ x: 1, y: 1 }, { x: 2, y: 3 }] }],
    });
    const plot = /<rect class="plot-area" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/.exec(svg);
    const legend = /<g class="legend" data-left="([\d.]+)">(.*?)<\/g>/.exec(svg);
    expect(plot).not.toBeNull();
    expect(legend).not.toBeNull();
    const plotRight = Number(plot?.[1]) + Number(plot?.[2]);
    expect(Number(legend?.[1])).toBeGreaterThan(plotRight);
    for (const match of (legend?.[2] ?? "").matchAll(/x1?="([\d.]+)"/g)) expect(Number(match[1])).toBeGreaterThan(plotRight);
  });

  it("draws a band over seeds as a polygon under its line", () => {
    const svg = renderLinePanel({
      title: "t",
      xLabel: "epoch",
      width: 460,
      height: 300,
      series: [{ label: "relu", colour: "#123456", points: [{ x: 1, y: 2, low: 1, high: 3 }, { x: 2, y: 1, low: 0.5, high: 1.5 }] }],
    });
    expect(svg.indexOf('class="band"')).toBeGreaterThan(-1);
    expect(svg.indexOf('class="band"')).toBeLessThan(svg.indexOf("<polyline"));
  });
});

describe("renderBarPanel", () => {
  it("draws a bar per category and measure, taller for the larger mean", () => {
    const svg = renderBarPanel({
      title: "t",
      yLabel: "%",
      categories: ["a", "b"],
      measures: [{ label: "error", colour: "#000" }],
      values: [[{ mean: 10, deviation: 1 }], [{ mean: 30, deviation: 2 }]],
      width: 400,
      height: 300,
    });
    const heights = [...svg.matchAll(/<rect class="bar" x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"/g)].map((match) => Number(match[1]));
    expect(heights.length).toBe(2);
    expect(heights[1] / heights[0]).toBeCloseTo(3, 1);
  });
});

describe("renderPng", () => {
  it("renders an SVG to a PNG image with text drawn (the wasm renderer and its font load lazily)", async () => {
    const svg = renderTrainingChart([epochMetrics(1, 0.5), epochMetrics(2, 0.6)], "png");
    const png = await renderPng(svg, 1);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // Width and height from the IHDR chunk: the SVG's 920×330 at scale 1.
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    expect([view.getUint32(16), view.getUint32(20)]).toEqual([920, 330]);
    const blank = await renderPng('<svg xmlns="http://www.w3.org/2000/svg" width="920" height="330"><rect width="100%" height="100%" fill="white"/></svg>', 1);
    expect(png.byteLength).toBeGreaterThan(blank.byteLength + 2000);
  });
});
