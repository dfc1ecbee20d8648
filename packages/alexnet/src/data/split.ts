import { createRandom, type Random } from "@alexnet-ts/engine";
import { subsetDataset, type Dataset } from "./dataset.js";

/** A seeded Fisher–Yates permutation of 0 … count − 1. */
export function permutation(count: number, random: Random): number[] {
  const order = Array.from({ length: count }, (_, index) => index);
  for (let index = count - 1; index > 0; index--) {
    const other = random.integer(index + 1);
    [order[index], order[other]] = [order[other], order[index]];
  }
  return order;
}

/**
 * Splits a dataset into training and validation parts: a seeded permutation, the first
 * `validationFraction` of it (rounded, at least one image) for validation, the rest for training;
 * both keep the dataset's order (sorted indices), so the split is the same on every run with the seed.
 */
export function splitDataset(dataset: Dataset, validationFraction: number, seed: number): { train: Dataset; validation: Dataset } {
  if (!(validationFraction > 0 && validationFraction < 1)) throw new RangeError(`the validation fraction must be in (0, 1), but is ${validationFraction}`);
  const order = permutation(dataset.count, createRandom(seed));
  const validationCount = Math.max(1, Math.round(dataset.count * validationFraction));
  if (validationCount >= dataset.count) throw new RangeError(`${dataset.description} has too few images (${dataset.count}) to split off a validation set`);
  const validation = order.slice(0, validationCount).sort((a, b) => a - b);
  const train = order.slice(validationCount).sort((a, b) => a - b);
  return {
    train: subsetDataset(dataset, train, `${dataset.description}, training part (${train.length})`),
    validation: subsetDataset(dataset, validation, `${dataset.description}, validation part (${validation.length})`),
  };
}

/** A seeded sample of `limit` images (all of them, in order, when `limit` ≥ count): `--limit` for quick runs. */
export function limitDataset(dataset: Dataset, limit: number, seed: number): Dataset {
  if (limit >= dataset.count) return dataset;
  const chosen = permutation(dataset.count, createRandom(seed)).slice(0, limit).sort((a, b) => a - b);
  return subsetDataset(dataset, chosen, `${dataset.description}, ${limit} sampled`);
}
