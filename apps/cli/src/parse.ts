import { UsageError } from "./errors.js";

/**
 * Strict parsers for option values, for commander's `argParser`. Each refuses anything that is
 * not exactly the kind of number asked for ("abc", "2.5" for a count, "1e3", " 7") with a
 * UsageError that names the option.
 */

/** A whole number of at least `minimum`, written in plain digits. */
export function wholeNumber(flag: string, minimum: number): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value) || Number(value) < minimum || !Number.isSafeInteger(Number(value))) {
      throw new UsageError(`${flag} must be a whole number of at least ${minimum}, but is "${value}"`);
    }
    return Number(value);
  };
}

/** A decimal number in [minimum, maximum), written as digits with at most one point: "0.5", ".25", "0". */
export function decimalInRange(flag: string, minimum: number, maximum: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!/^(\d+\.?\d*|\.\d+)$/.test(value) || !(number >= minimum && number < maximum)) {
      throw new UsageError(`${flag} must be a number from ${minimum} up to (but not including) ${maximum}, but is "${value}"`);
    }
    return number;
  };
}

/** One of a fixed set of words. */
export function oneOf<T extends string>(flag: string, choices: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(choices as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${choices.join(", ")}, but is "${value}"`);
    return value as T;
  };
}
