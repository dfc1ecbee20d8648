import type { RgbImage } from "@alexnet-ts/alexnet";

/** Largest image decoded, in megapixels (as the CLI's decoder); a bigger one is refused before allocating. */
const maximumMegapixels = 100;

/** Decodes a JPEG, PNG (or any format this browser reads) to RGB bytes, in the worker (OffscreenCanvas). */
export async function decodeImageBytes(bytes: Uint8Array, name: string): Promise<RgbImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]));
  } catch {
    throw new Error(`cannot read image ${name}: this browser does not decode it (use a JPEG or PNG file)`);
  }
  const { width, height } = bitmap;
  if (width * height > maximumMegapixels * 1e6) throw new Error(`cannot read image ${name}: ${width}×${height} is larger than ${maximumMegapixels} megapixels`);
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext("2d");
  if (context === null) throw new Error("this browser gives no 2D canvas in a worker, so images cannot be decoded");
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const rgba = context.getImageData(0, 0, width, height).data;
  const data = new Uint8Array(width * height * 3);
  for (let pixel = 0; pixel < width * height; pixel++) {
    data[pixel * 3] = rgba[pixel * 4];
    data[pixel * 3 + 1] = rgba[pixel * 4 + 1];
    data[pixel * 3 + 2] = rgba[pixel * 4 + 2];
  }
  return { width, height, data };
}
