/** Text for an SVG document: `<`, `>`, `&` and quotes escaped. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A coordinate with one decimal (enough at screen resolution, short files). */
export function coordinate(value: number): string {
  return value.toFixed(1);
}

/** A whole SVG document of this size around the fragments, on a white background, with a title on top. */
export function svgDocument(width: number, height: number, title: string, body: readonly string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="15">${escapeXml(title)}</text>`,
    ...body,
    `</svg>`,
    "",
  ].join("\n");
}

/** Distinct colours for up to ten lines (matplotlib's tab10), repeating after that. */
export const palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"] as const;

/** The palette's colour for the n-th line. */
export function colourAt(index: number): string {
  return palette[index % palette.length];
}
