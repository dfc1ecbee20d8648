import { formatTick, niceTicks, type Ticks } from "./nice-ticks.js";
import { coordinate, escapeXml } from "./svg-text.js";

/** One point of a line; `low`/`high` draw a band around it (spread over seeds). */
export interface LinePoint {
  readonly x: number;
  readonly y: number;
  readonly low?: number;
  readonly high?: number;
}

/** One line of a panel. */
export interface LineSeries {
  readonly label: string;
  readonly colour: string;
  readonly points: readonly LinePoint[];
  readonly dashed?: boolean;
}

/** A horizontal marker across the plot (a threshold). */
export interface ReferenceLine {
  readonly y: number;
  readonly label: string;
}

/** What a panel shows and how big it is. */
export interface LinePanelOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly series: readonly LineSeries[];
  /** Size of the whole panel, legend included. */
  readonly width: number;
  readonly height: number;
  /** The y axis never extends past these (accuracy stays within 0–100). */
  readonly yBounds?: readonly [number, number];
  /** Whole-number x ticks (epochs). */
  readonly integerX?: boolean;
  /** Start the x axis at 0 (epoch 0: before training). */
  readonly xFromZero?: boolean;
  readonly referenceLines?: readonly ReferenceLine[];
}

/** Where the plot area of a panel lies (tests check the legend stays outside it). */
export interface PlotArea {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

const margin = { left: 56, top: 34, bottom: 44, gap: 14 };
const legendWidth = 150;
/** Points keep this share of the plot's width from the frame, so a single epoch is not drawn on the axis. */
const xPadding = 0.04;

/** The plot area a panel of this size uses: the legend takes a column to its right. */
export function plotAreaOf(width: number, height: number): PlotArea {
  return { left: margin.left, top: margin.top, width: width - margin.left - margin.gap - legendWidth, height: height - margin.top - margin.bottom };
}

/**
 * A line chart as an SVG fragment (a `<g>` to translate into place): nice-number ticks on both
 * axes, the y axis scaled to the data (within `yBounds`), bands drawn under their lines, and the
 * legend in its own column right of the plot so it never covers a curve.
 */
export function renderLinePanel(options: LinePanelOptions): string {
  const area = plotAreaOf(options.width, options.height);
  const points = options.series.flatMap((line) => line.points).filter((point) => Number.isFinite(point.y));
  const yValues = [
    ...points.flatMap((point) => [point.y, point.low ?? point.y, point.high ?? point.y]),
    ...(options.referenceLines ?? []).map((line) => line.y),
  ].filter(Number.isFinite);
  const xValues = points.map((point) => point.x);
  const xTicks = niceTicks(options.xFromZero === true ? 0 : Math.min(...xValues, 1), Math.max(...xValues, 1), { integer: options.integerX, count: 6 });
  const yTicks = clampTicks(niceTicks(Math.min(...yValues), Math.max(...yValues), { count: 6 }), options.yBounds);
  const xSpan = xTicks.high - xTicks.low;
  const x = (value: number): number => area.left + area.width * (xPadding + (1 - 2 * xPadding) * ((value - xTicks.low) / xSpan));
  const y = (value: number): number => area.top + area.height * (1 - (Math.min(yTicks.high, Math.max(yTicks.low, value)) - yTicks.low) / (yTicks.high - yTicks.low));
  const parts: string[] = [
    `<text x="${coordinate(area.left + area.width / 2)}" y="${margin.top - 12}" text-anchor="middle" font-size="13">${escapeXml(options.title)}</text>`,
  ];
  for (const value of yTicks.values) {
    parts.push(`<line x1="${area.left}" x2="${coordinate(area.left + area.width)}" y1="${coordinate(y(value))}" y2="${coordinate(y(value))}" stroke="#e4e4e4"/>`);
    parts.push(`<text x="${area.left - 6}" y="${coordinate(y(value) + 4)}" text-anchor="end">${formatTick(value, yTicks)}</text>`);
  }
  for (const value of xTicks.values) {
    parts.push(`<line x1="${coordinate(x(value))}" x2="${coordinate(x(value))}" y1="${area.top + area.height}" y2="${area.top + area.height + 4}" stroke="#444"/>`);
    parts.push(`<text x="${coordinate(x(value))}" y="${area.top + area.height + 17}" text-anchor="middle">${formatTick(value, xTicks)}</text>`);
  }
  parts.push(`<text x="${coordinate(area.left + area.width / 2)}" y="${area.top + area.height + 36}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`);
  for (const line of options.referenceLines ?? []) {
    parts.push(`<line x1="${area.left}" x2="${coordinate(area.left + area.width)}" y1="${coordinate(y(line.y))}" y2="${coordinate(y(line.y))}" stroke="#555" stroke-dasharray="6 4"/>`);
    parts.push(`<text x="${coordinate(area.left + area.width - 4)}" y="${coordinate(y(line.y) - 4)}" text-anchor="end" fill="#555">${escapeXml(line.label)}</text>`);
  }
  for (const line of options.series) parts.push(...seriesMarks(line, x, y));
  parts.push(`<rect class="plot-area" x="${area.left}" y="${area.top}" width="${coordinate(area.width)}" height="${area.height}" fill="none" stroke="#444"/>`);
  parts.push(legend(options.series, area));
  return parts.join("\n");
}

/** The band, line and point marks of one series. */
function seriesMarks(line: LineSeries, x: (value: number) => number, y: (value: number) => number): string[] {
  const finite = line.points.filter((point) => Number.isFinite(point.y));
  const parts: string[] = [];
  const banded = finite.filter((point) => Number.isFinite(point.low) && Number.isFinite(point.high));
  if (banded.length > 1) {
    const upper = banded.map((point) => `${coordinate(x(point.x))},${coordinate(y(point.high ?? point.y))}`);
    const lower = banded.map((point) => `${coordinate(x(point.x))},${coordinate(y(point.low ?? point.y))}`).reverse();
    parts.push(`<polygon class="band" points="${[...upper, ...lower].join(" ")}" fill="${line.colour}" fill-opacity="0.18" stroke="none"/>`);
  }
  const coordinates = finite.map((point) => `${coordinate(x(point.x))},${coordinate(y(point.y))}`);
  const dash = line.dashed === true ? ` stroke-dasharray="5 3"` : "";
  if (coordinates.length > 1) parts.push(`<polyline fill="none" stroke="${line.colour}" stroke-width="2"${dash} points="${coordinates.join(" ")}"/>`);
  // Few points: mark each (a single epoch is one visible dot, with its band as an error bar).
  if (finite.length <= 30) {
    for (const point of finite) {
      parts.push(`<circle cx="${coordinate(x(point.x))}" cy="${coordinate(y(point.y))}" r="${finite.length === 1 ? 4 : 2.5}" fill="${line.colour}"/>`);
      if (finite.length === 1 && banded.length === 1) {
        parts.push(`<line x1="${coordinate(x(point.x))}" x2="${coordinate(x(point.x))}" y1="${coordinate(y(point.low ?? point.y))}" y2="${coordinate(y(point.high ?? point.y))}" stroke="${line.colour}"/>`);
      }
    }
  }
  return parts;
}

/** The legend, a column right of the plot area; long labels are cut so they stay in the panel. */
function legend(series: readonly LineSeries[], area: PlotArea): string {
  const left = area.left + area.width + margin.gap;
  const rows = series.map((line, index) => {
    const rowY = area.top + 12 + index * 18;
    const dash = line.dashed === true ? ` stroke-dasharray="5 3"` : "";
    const label = line.label.length > 20 ? `${line.label.slice(0, 19)}…` : line.label;
    return (
      `<line x1="${left}" x2="${left + 18}" y1="${rowY - 4}" y2="${rowY - 4}" stroke="${line.colour}" stroke-width="2"${dash}/>` +
      `<text x="${left + 24}" y="${rowY}">${escapeXml(label)}</text>`
    );
  });
  return `<g class="legend" data-left="${coordinate(left)}">${rows.join("")}</g>`;
}

/** Keeps ticks within bounds (accuracy never shows 105%): ticks past a bound are dropped and the bound becomes the axis end. */
function clampTicks(ticks: Ticks, bounds: readonly [number, number] | undefined): Ticks {
  if (bounds === undefined) return ticks;
  const low = Math.max(ticks.low, bounds[0]);
  const high = Math.min(ticks.high, bounds[1]);
  return { ...ticks, low, high, values: ticks.values.filter((value) => value >= low && value <= high) };
}
