const svgNamespace = "http://www.w3.org/2000/svg";

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] {
  const made = document.createElementNS(svgNamespace, tag);
  for (const [key, value] of Object.entries(attributes)) made.setAttribute(key, String(value));
  return made;
}

/** One series of a chart. */
export interface Series {
  readonly label: string;
  readonly colour: string;
  readonly points: readonly { x: number; y: number }[];
}

/** A small SVG line chart with axes' extremes labelled; redraw it with new series as they grow. */
export function drawLineChart(target: SVGSVGElement, title: string, series: readonly Series[], options: { yMinimum?: number; yMaximum?: number } = {}): void {
  const width = 420;
  const height = 200;
  const margin = { left: 44, right: 12, top: 24, bottom: 24 };
  target.replaceChildren();
  target.setAttribute("viewBox", `0 0 ${width} ${height}`);
  target.setAttribute("role", "img");
  target.setAttribute("aria-label", title);
  const all = series.flatMap((line) => line.points);
  const xMaximum = Math.max(1, ...all.map((point) => point.x));
  const yMinimum = options.yMinimum ?? Math.min(0, ...all.map((point) => point.y));
  const yMaximum = options.yMaximum ?? Math.max(1e-9, ...all.map((point) => point.y));
  const x = (value: number) => margin.left + (value / xMaximum) * (width - margin.left - margin.right);
  const y = (value: number) => height - margin.bottom - ((value - yMinimum) / (yMaximum - yMinimum || 1)) * (height - margin.top - margin.bottom);
  target.append(svg("text", { x: margin.left, y: 14, class: "chart-title" }));
  target.lastChild!.textContent = title;
  target.append(svg("line", { x1: margin.left, y1: y(yMinimum), x2: width - margin.right, y2: y(yMinimum), class: "axis" }));
  target.append(svg("line", { x1: margin.left, y1: margin.top, x2: margin.left, y2: height - margin.bottom, class: "axis" }));
  for (const [value, anchor] of [
    [yMaximum, margin.top + 4],
    [yMinimum, height - margin.bottom],
  ] as const) {
    const label = svg("text", { x: margin.left - 4, y: anchor, class: "tick", "text-anchor": "end" });
    label.textContent = value.toPrecision(3);
    target.append(label);
  }
  const xLabel = svg("text", { x: width - margin.right, y: height - 6, class: "tick", "text-anchor": "end" });
  xLabel.textContent = `step ${xMaximum}`;
  target.append(xLabel);
  series.forEach((line, index) => {
    if (line.points.length > 0) target.append(svg("polyline", { points: line.points.map((point) => `${x(point.x).toFixed(1)},${y(point.y).toFixed(1)}`).join(" "), fill: "none", stroke: line.colour, "stroke-width": 1.5 }));
    const legend = svg("text", { x: width - margin.right - 120 * (series.length - index), y: 14, fill: line.colour, class: "legend" });
    legend.textContent = line.label;
    target.append(legend);
  });
}

/** A horizontal bar chart: one bar per label, value written beside it. */
export function drawBarChart(target: SVGSVGElement, title: string, bars: readonly { label: string; value: number }[], unit: string): void {
  const rowHeight = 22;
  const width = 640;
  const labelWidth = 260;
  const height = 30 + rowHeight * bars.length;
  target.replaceChildren();
  target.setAttribute("viewBox", `0 0 ${width} ${height}`);
  target.setAttribute("role", "img");
  target.setAttribute("aria-label", title);
  const heading = svg("text", { x: 0, y: 14, class: "chart-title" });
  heading.textContent = title;
  target.append(heading);
  const maximum = Math.max(1e-9, ...bars.map((bar) => bar.value));
  bars.forEach((bar, index) => {
    const top = 24 + index * rowHeight;
    const label = svg("text", { x: labelWidth - 6, y: top + 14, class: "tick", "text-anchor": "end" });
    label.textContent = bar.label;
    const length = ((width - labelWidth - 90) * bar.value) / maximum;
    const value = svg("text", { x: labelWidth + length + 4, y: top + 14, class: "tick" });
    value.textContent = `${bar.value.toFixed(1)} ${unit}`;
    target.append(label, svg("rect", { x: labelWidth, y: top + 3, width: Math.max(1, length), height: rowHeight - 6, class: "bar" }), value);
  });
}
