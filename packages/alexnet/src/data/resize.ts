import type { RgbImage } from "./decode-image.js";

/**
 * The paper's preprocessing (section 2): rescale so the shorter side is `size`, then take the
 * central `size × size` patch. Bilinear interpolation with pixel centres aligned (as PIL and
 * OpenCV do without antialiasing). Returns CHW float32 in [0, 1].
 */
export function resizeAndCenterCrop(image: RgbImage, size: number): Float32Array {
  const scale = size / Math.min(image.width, image.height);
  const scaledWidth = Math.max(size, Math.round(image.width * scale));
  const scaledHeight = Math.max(size, Math.round(image.height * scale));
  const left = Math.floor((scaledWidth - size) / 2);
  const top = Math.floor((scaledHeight - size) / 2);
  const output = new Float32Array(3 * size * size);
  const scaleX = image.width / scaledWidth;
  const scaleY = image.height / scaledHeight;
  for (let y = 0; y < size; y++) {
    const sourceY = clamp((y + top + 0.5) * scaleY - 0.5, 0, image.height - 1);
    const y0 = Math.floor(sourceY);
    const y1 = Math.min(y0 + 1, image.height - 1);
    const wy = sourceY - y0;
    for (let x = 0; x < size; x++) {
      const sourceX = clamp((x + left + 0.5) * scaleX - 0.5, 0, image.width - 1);
      const x0 = Math.floor(sourceX);
      const x1 = Math.min(x0 + 1, image.width - 1);
      const wx = sourceX - x0;
      for (let channel = 0; channel < 3; channel++) {
        const at = (row: number, column: number): number => image.data[(row * image.width + column) * 3 + channel];
        const top0 = at(y0, x0) + (at(y0, x1) - at(y0, x0)) * wx;
        const bottom = at(y1, x0) + (at(y1, x1) - at(y1, x0)) * wx;
        output[(channel * size + y) * size + x] = (top0 + (bottom - top0) * wy) / 255;
      }
    }
  }
  return output;
}

function clamp(value: number, low: number, high: number): number {
  return value < low ? low : value > high ? high : value;
}
