/** "[1, 96, 55, 55]", for error messages. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/** "256×6×6" — the multiplication sign reads as a shape in prose and summaries. */
export function formatDimensions(shape: readonly number[]): string {
  return shape.join("×");
}
