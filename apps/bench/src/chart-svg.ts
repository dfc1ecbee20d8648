import { rowName, type BenchReport } from "./report.js";

// Tableau 10 and two of Tableau 20: a run with every browser backend beside a few Node ones has about twelve rows.
const palette = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#499894", "#d37295"];

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * A horizontal bar chart of images/s: one group per workload, one bar per backend. Bars are
 * scaled within each group (workloads differ by orders of magnitude), and each bar is labelled
 * with its value; a failed row shows its reason instead of a bar.
 */
export function formatChartSvg(report: BenchReport): string {
  const targets = [...new Set(report.rows.map((row) => row.target))];
  const workloads = [...new Set(report.rows.map((row) => row.workload.id))];
  const barHeight = 16;
  const gap = 4;
  const groupGap = 18;
  // Wide enough for the longest row name ("browser:tfjs-webgpu (Chromium 156)") at up to 7.2 px a character of 12 px sans-serif.
  const labelWidth = Math.max(190, 16 + Math.ceil(7.2 * Math.max(...report.rows.map((row) => rowName(row).length))));
  const barArea = 420;
  const valueWidth = 200;
  const top = 56;
  const width = labelWidth + barArea + valueWidth;
  const parts: string[] = [];
  let y = top;
  for (const workload of workloads) {
    const rows = report.rows.filter((row) => row.workload.id === workload);
    const maximum = Math.max(...rows.map((row) => row.imagesPerSecond ?? 0), Number.MIN_VALUE);
    parts.push(`<text x="8" y="${y + 12}" font-weight="bold">${escapeXml(workload)} (batch ${rows[0].workload.batch})</text>`);
    y += barHeight + gap;
    for (const row of rows) {
      const color = palette[targets.indexOf(row.target) % palette.length];
      parts.push(`<text x="${labelWidth - 8}" y="${y + 12}" text-anchor="end">${escapeXml(rowName(row))}</text>`);
      if (row.imagesPerSecond === undefined) {
        parts.push(`<text x="${labelWidth}" y="${y + 12}" fill="#999">${escapeXml(row.error ?? "no runs")}</text>`);
      } else {
        const length = Math.max(1, (row.imagesPerSecond / maximum) * barArea);
        parts.push(`<rect x="${labelWidth}" y="${y}" width="${length.toFixed(1)}" height="${barHeight}" fill="${color}"><title>${escapeXml(`${rowName(row)}: ${row.engine}`)}</title></rect>`);
        const value = row.imagesPerSecond >= 100 ? row.imagesPerSecond.toFixed(0) : row.imagesPerSecond.toPrecision(3);
        parts.push(`<text x="${(labelWidth + length + 6).toFixed(1)}" y="${y + 12}">${value} images/s</text>`);
      }
      y += barHeight + gap;
    }
    y += groupGap;
  }
  const height = y + 8;
  const title = `${report.graphName}: images per second (longer is faster; bars scaled per workload)`;
  const subtitle = `${report.machine.cpuModel}, ${report.machine.cores} cores, ${report.date.slice(0, 10)}; median of ${report.runs} runs`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="8" y="20" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="8" y="38" fill="#555">${escapeXml(subtitle)}</text>`,
    ...parts,
    "</svg>",
    "",
  ].join("\n");
}
