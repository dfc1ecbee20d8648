/** The digits of public/mnist-slice.bin (scripts/make-mnist-slice.mjs writes it at build time). */
export interface MnistSlice {
  readonly trainImages: Float32Array;
  readonly trainLabels: Int32Array;
  readonly testImages: Float32Array;
  readonly testLabels: Int32Array;
}

const pixels = 28 * 28;

/** Fetches and unpacks the slice: pixels as floats in [0, 1], 28×28, one channel. */
export async function loadMnistSlice(url: string): Promise<MnistSlice> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the MNIST slice ${url} could not be fetched (HTTP ${response.status}); build the app with npm run build -w @alexnet-ts/web`);
  return decodeMnistSlice(new Uint8Array(await response.arrayBuffer()), url);
}

/** Unpacks the slice's bytes (`source` names them in messages). */
export function decodeMnistSlice(bytes: Uint8Array, source: string): MnistSlice {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const trainCount = view.getUint32(0, true);
  const testCount = view.getUint32(4, true);
  if (bytes.byteLength !== 8 + (trainCount + testCount) * (pixels + 1)) throw new Error(`the MNIST slice ${source} has ${bytes.byteLength} bytes, not the ${8 + (trainCount + testCount) * (pixels + 1)} its header says`);
  let offset = 8;
  const take = (count: number): { images: Float32Array; labels: Int32Array } => {
    const images = Float32Array.from(bytes.subarray(offset, offset + count * pixels), (value) => value / 255);
    offset += count * pixels;
    const labels = Int32Array.from(bytes.subarray(offset, offset + count));
    offset += count;
    return { images, labels };
  };
  const train = take(trainCount);
  const test = take(testCount);
  return { trainImages: train.images, trainLabels: train.labels, testImages: test.images, testLabels: test.labels };
}
