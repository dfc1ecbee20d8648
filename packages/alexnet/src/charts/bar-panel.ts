import { formatTick, niceTicks } from "./nice-ticks.js";
import { coordinate, escapeXml } from "./svg-text.js";

/** One bar: a mean with an error bar of ± `deviation`. */
export interface BarValue {
  readonly mean: number;
  readonly deviation: number;
}

/** Bars side by side per category, one per measure (test top-1 error, train–test gap). */
export interface BarPanelOptions {
  readonly title: string;
  readonly yLabel: string;
  /** The categories along the x axis (the arms). */
  readonly categories: readonly string[];
  /** The measures, one bar each in every category, with their colours. */
  readonly measures: readonly { readonly label: string; readonly colour: string }[];
  /** values[category][measure]; NaN leaves the bar out. */
  readonly values: readonly (readonly BarValue[])[];
  readonly width: number;
  readonly height: number;
}

const margin = { left: 56, right: 12, top: 34, bottom: 58 };

/**
 * A bar chart as an SVG fragment: for each category one bar per measure, with mean ± standard
 * deviation as an error bar and the mean written above it; the y axis starts at zero (or below,
 * for negative values) and ends at a nice number above the highest error bar.
 */
export function renderBarPanel(options: BarPanelOptions): string {
  const plotWidth = options.width - margin.left - margin.right;
  const plotHeight = options.height - margin.top - margin.bottom;
  const extents = options.values.flat().filter((value) => Number.isFinite(value.mean)).flatMap((value) => [value.mean - value.deviation, value.mean + value.deviation]);
  const ticks = niceTicks(Math.min(0, ...extents), Math.max(0, ...extents, 1e-9), { count: 6 });
  const y = (value: number): number => margin.top + plotHeight * (1 - (value - ticks.low) / (ticks.high - ticks.low));
  const slot = plotWidth / Math.max(1, options.categories.length);
  const barWidth = Math.min(48, (slot * 0.8) / Math.max(1, options.measures.length));
  const parts: string[] = [`<text x="${coordinate(margin.left + plotWidth / 2)}" y="${margin.top - 14}" text-anchor="middle" font-size="13">${escapeXml(options.title)}</text>`];
  for (const value of ticks.values) {
    parts.push(`<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${coordinate(y(value))}" y2="${coordinate(y(value))}" stroke="#e4e4e4"/>`);
    parts.push(`<text x="${margin.left - 6}" y="${coordinate(y(value) + 4)}" text-anchor="end">${formatTick(value, ticks)}</text>`);
  }
  parts.push(`<text transform="translate(14, ${coordinate(margin.top + plotHeight / 2)}) rotate(-90)" text-anchor="middle">${escapeXml(options.yLabel)}</text>`);
  options.categories.forEach((category, categoryIndex) => {
    const centre = margin.left + slot * (categoryIndex + 0.5);
    const groupLeft = centre - (barWidth * options.measures.length) / 2;
    options.measures.forEach((measure, measureIndex) => {
      const value = options.values[categoryIndex]?.[measureIndex];
      if (value === undefined || !Number.isFinite(value.mean)) return;
      const left = groupLeft + barWidth * measureIndex;
      const top = Math.min(y(value.mean), y(0));
      parts.push(`<rect class="bar" x="${coordinate(left + 2)}" y="${coordinate(top)}" width="${coordinate(barWidth - 4)}" height="${coordinate(Math.abs(y(0) - y(value.mean)))}" fill="${measure.colour}"/>`);
      const middle = left + barWidth / 2;
      if (value.deviation > 0) {
        parts.push(`<line x1="${coordinate(middle)}" x2="${coordinate(middle)}" y1="${coordinate(y(value.mean - value.deviation))}" y2="${coordinate(y(value.mean + value.deviation))}" stroke="#222"/>`);
      }
      parts.push(`<text x="${coordinate(middle)}" y="${coordinate(y(Math.max(value.mean, value.mean + value.deviation)) - 4)}" text-anchor="middle" font-size="10">${value.mean.toFixed(1)}</text>`);
    });
    parts.push(`<text x="${coordinate(centre)}" y="${margin.top + plotHeight + 16}" text-anchor="middle">${escapeXml(category)}</text>`);
  });
  parts.push(`<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${coordinate(y(0))}" y2="${coordinate(y(0))}" stroke="#444"/>`);
  const legendY = margin.top + plotHeight + 38;
  options.measures.forEach((measure, index) => {
    const left = margin.left + index * 170;
    parts.push(`<rect x="${left}" y="${legendY - 9}" width="12" height="10" fill="${measure.colour}"/><text x="${left + 18}" y="${legendY}">${escapeXml(measure.label)}</text>`);
  });
  return parts.join("\n");
}
