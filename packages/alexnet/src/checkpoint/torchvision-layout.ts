import type { HostTensor } from "@alexnet-ts/engine";
import { encodeSafetensors } from "./safetensors.js";

/**
 * torchvision.models.alexnet's state_dict as `safetensors.torch.save_file(model.state_dict(), …)`
 * writes it: 16 float32 tensors, in PyTorch's layouts — convolution weights OIHW
 * [out channels, in channels, kernel height, kernel width], linear weights [out features, in
 * features] (y = x · Wᵀ + b), biases [out]. The torchvision variant names its parameters the same
 * way, so such a file loads as it is (docs/torchvision.md); a test checks the variant against
 * this table.
 */
export const torchvisionStateDict: readonly { readonly name: string; readonly shape: readonly number[] }[] = [
  { name: "features.0.weight", shape: [64, 3, 11, 11] },
  { name: "features.0.bias", shape: [64] },
  { name: "features.3.weight", shape: [192, 64, 5, 5] },
  { name: "features.3.bias", shape: [192] },
  { name: "features.6.weight", shape: [384, 192, 3, 3] },
  { name: "features.6.bias", shape: [384] },
  { name: "features.8.weight", shape: [256, 384, 3, 3] },
  { name: "features.8.bias", shape: [256] },
  { name: "features.10.weight", shape: [256, 256, 3, 3] },
  { name: "features.10.bias", shape: [256] },
  { name: "classifier.1.weight", shape: [4096, 9216] },
  { name: "classifier.1.bias", shape: [4096] },
  { name: "classifier.4.weight", shape: [4096, 4096] },
  { name: "classifier.4.bias", shape: [4096] },
  { name: "classifier.6.weight", shape: [1000, 4096] },
  { name: "classifier.6.bias", shape: [1000] },
];

/**
 * Random weights in torchvision's layout, as safetensors bytes with no metadata and the names
 * sorted as PyTorch's writer sorts them (for tests and demos: what a converted file looks like).
 * Weights are uniform in ±1/√fan-in (PyTorch's default range), from a seeded generator.
 */
export function randomTorchvisionWeights(seed: number): Uint8Array[] {
  let state = seed >>> 0 || 1;
  const next = (): number => {
    // xorshift32: fast and plenty for random test weights.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const tensors = new Map<string, HostTensor>();
  for (const { name, shape } of [...torchvisionStateDict].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const count = shape.reduce((product, size) => product * size, 1);
    const weightShape = torchvisionStateDict.find((entry) => entry.name === name.replace(/\.bias$/, ".weight"))!.shape;
    const bound = 1 / Math.sqrt(weightShape.slice(1).reduce((product, size) => product * size, 1));
    const values = new Float32Array(count);
    for (let index = 0; index < count; index++) values[index] = (2 * next() - 1) * bound;
    tensors.set(name, { shape, values });
  }
  return encodeSafetensors(tensors, {});
}
