/** Breaks text into lines of at most `width` characters at spaces (a longer word stands alone). */
export function wrapText(text: string, width: number): string[] {
  return wrapWords(
    text.split(/\s+/).filter((word) => word.length > 0),
    width,
  );
}

/** Joins words (which may contain spaces, such as "--input 227") into lines of at most `width` characters. */
export function wrapWords(words: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    if (line.length > 0 && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line.length > 0 ? `${line} ${word}` : word;
    }
  }
  if (line.length > 0) lines.push(line);
  return lines;
}
