import type { RgbImage } from "./decode-image.js";
import { resizeRgb } from "./resample.js";

/**
 * The paper's preprocessing (section 2): rescale so the shorter side is `size`, then take the
 * central `size × size` patch. The rescale is antialiased (PIL's bilinear, see `resizeRgb`), so a
 * large photo shrunk here averages all its pixels rather than sampling a few. Returns CHW
 * float32 in [0, 1].
 */
export function resizeAndCenterCrop(image: RgbImage, size: number): Float32Array {
  const scale = size / Math.min(image.width, image.height);
  const scaledWidth = Math.max(size, Math.round(image.width * scale));
  const scaledHeight = Math.max(size, Math.round(image.height * scale));
  const scaled = resizeRgb(image, scaledWidth, scaledHeight);
  return cropToPlanes(scaled, Math.floor((scaledWidth - size) / 2), Math.floor((scaledHeight - size) / 2), size);
}

/**
 * torchvision's ImageNet evaluation transform up to the tensor: `Resize(resize)` (the shorter
 * side to `resize`, the longer one to int(resize · long / short), PIL's antialiased bilinear) then
 * `CenterCrop(crop)` (offsets rounded half to even, as Python's round) and `ToTensor()` (CHW, / 255).
 * Normalization (`imagenetNormalization`) follows separately. Defaults: Resize(256), CenterCrop(224).
 */
export function torchvisionResizeAndCenterCrop(image: RgbImage, resize = 256, crop = 224): Float32Array {
  const shorter = Math.min(image.width, image.height);
  const longer = Math.max(image.width, image.height);
  // Python's int() truncates; the shorter side gets `resize` exactly.
  const longSide = Math.trunc((resize * longer) / shorter);
  const [width, height] = image.width <= image.height ? [resize, longSide] : [longSide, resize];
  if (width < crop || height < crop) throw new RangeError(`Resize(${resize}) gives ${width}×${height}, smaller than CenterCrop(${crop})`);
  const scaled = resizeRgb(image, width, height);
  return cropToPlanes(scaled, roundHalfToEven((width - crop) / 2), roundHalfToEven((height - crop) / 2), crop);
}

/** Python 3's round(): halves go to the even neighbour (round(58.5) is 58, round(59.5) is 60). */
export function roundHalfToEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction < 0.5) return floor;
  if (fraction > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** The `size × size` patch at (left, top), as CHW planes in [0, 1]. */
function cropToPlanes(image: RgbImage, left: number, top: number, size: number): Float32Array {
  const output = new Float32Array(3 * size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const source = ((y + top) * image.width + x + left) * 3;
      for (let channel = 0; channel < 3; channel++) output[(channel * size + y) * size + x] = image.data[source + channel] / 255;
    }
  }
  return output;
}
