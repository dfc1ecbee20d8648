/**
 * Number formatting shared by the summaries. The Keras and torchsummary tables are printed by
 * Python, so these reproduce Python's `{:,}` and `%0.2f` exactly (JavaScript's `toFixed` rounds
 * exact ties away from zero, Python to even).
 */

/** Python's `"{:,}".format(n)` for a whole number: "62,379,752". */
export function formatThousands(value: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`formatThousands expects a whole number, but gets ${value}`);
  const digits = Math.abs(value).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return value < 0 ? `-${grouped}` : grouped;
}

/**
 * Python's `"%0.Nf" % value`: rounds the exact binary value of `value` to `digits` decimals,
 * an exact tie going to the even neighbour.
 */
export function formatFixed(value: number, digits: number): string {
  if (!Number.isFinite(value)) return String(value);
  const negative = value < 0 || Object.is(value, -0);
  const { numerator, denominator } = exactFraction(Math.abs(value));
  const scaled = numerator * 10n ** BigInt(digits);
  let quotient = scaled / denominator;
  const twiceRemainder = 2n * (scaled % denominator);
  if (twiceRemainder > denominator || (twiceRemainder === denominator && quotient % 2n === 1n)) quotient += 1n;
  const text = quotient.toString().padStart(digits + 1, "0");
  const whole = text.slice(0, text.length - digits);
  const fraction = text.slice(text.length - digits);
  return `${negative ? "-" : ""}${whole}${digits > 0 ? `.${fraction}` : ""}`;
}

/** A finite, non-negative double as numerator / 2^k, exactly. */
function exactFraction(value: number): { numerator: bigint; denominator: bigint } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const exponentBits = Number((bits >> 52n) & 0x7ffn);
  const fractionBits = bits & ((1n << 52n) - 1n);
  // Subnormals have no hidden bit and the smallest exponent.
  const mantissa = exponentBits === 0 ? fractionBits : fractionBits | (1n << 52n);
  const exponent = (exponentBits === 0 ? 1 : exponentBits) - 1075;
  return exponent >= 0
    ? { numerator: mantissa << BigInt(exponent), denominator: 1n }
    : { numerator: mantissa, denominator: 1n << BigInt(-exponent) };
}

/** Bytes in a megabyte as torchsummary and these summaries count it: 2^20. */
export const bytesPerMegabyte = 1024 * 1024;

/** Bytes as megabytes (2^20) with two decimals: "232.56". */
export function formatMegabytes(bytes: number): string {
  return formatFixed(bytes / bytesPerMegabyte, 2);
}

/** Bytes in the largest binary unit that keeps the number at least 1: "1.11 MB", "98.00 KB", "40 B". */
export function formatBytes(bytes: number): string {
  if (bytes >= bytesPerMegabyte * 1024) return `${formatFixed(bytes / (bytesPerMegabyte * 1024), 2)} GB`;
  if (bytes >= bytesPerMegabyte) return `${formatFixed(bytes / bytesPerMegabyte, 2)} MB`;
  if (bytes >= 1024) return `${formatFixed(bytes / 1024, 2)} KB`;
  return `${bytes} B`;
}

/** A count with an SI suffix and three significant digits: 0, 950, 37.8M, 1.14G. */
export function formatCompact(value: number): string {
  const units: ReadonlyArray<readonly [number, string]> = [
    [1e12, "T"],
    [1e9, "G"],
    [1e6, "M"],
    [1e3, "K"],
  ];
  for (const [size, suffix] of units) {
    if (Math.abs(value) >= size) return `${trimNumber((value / size).toPrecision(3))}${suffix}`;
  }
  return String(value);
}

/** "37.50" → "37.5", "105.0" → "105". */
function trimNumber(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}
