// A PNG or JPEG picture as one example for `nnc predict`, a CLI feature (it reads the disk and pngjs
// needs Node's streams, so it stays out of the browser-safe core): decoded with pure-JavaScript packages
// (pngjs, jpeg-js: no native build, nothing downloaded), resized to the model's square size and
// laid out as the deep-network lesson does for its own pictures,
//
//     image = np.array(Image.open(f).resize((64, 64))); x = image.reshape((1, 64*64*3)).T / 255.
//
// i.e. row by row, each pixel's red, green, blue in turn (alpha dropped), divided by `scale`.
// Resizing averages the source pixels each target pixel covers (area averaging, the right
// filter for shrinking photographs): close to, not bit for bit, PIL's resampling.
//
// | code    | when                                                       |
// | ------- | ---------------------------------------------------------- |
// | NNC3060 | the file cannot be read                                    |
// | NNC3061 | neither PNG nor JPEG (by signature)                        |
// | NNC3062 | PNG or JPEG, but the decoder rejects it (damaged, truncated) |
import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { readFileSync } from "node:fs";
import { fail } from "../runtime/data/binary-file.js";
import { DataCodes } from "../contracts/codes.js";

export interface RgbImage {
  width: number;
  height: number;
  /** width · height · 3 bytes, row-major, RGB. */
  rgb: Uint8Array;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** True for files that start like a PNG or a JPEG. */
export function looksLikeImage(bytes: Uint8Array): "png" | "jpeg" | undefined {
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return "png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  return undefined;
}

export function readImage(path: string): RgbImage {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT"
        ? "it does not exist"
        : code === "EISDIR"
          ? "it is a directory"
          : String((error as Error).message);
    throw fail({
      code: DataCodes.imageUnreadable,
      message: `cannot read the image '${path}': ${reason}`,
      file: path,
    });
  }
  const format = looksLikeImage(bytes);
  if (!format) {
    throw fail({
      code: DataCodes.imageFormat,
      message: `'${path}' is neither a PNG nor a JPEG image`,
      file: path,
      expected: "a .png or .jpg picture (recognised by its first bytes, not its name)",
    });
  }
  try {
    if (format === "png") {
      const png = PNG.sync.read(bytes);
      return { width: png.width, height: png.height, rgb: dropAlpha(png.data, png.width * png.height) };
    }
    const decoded = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: 64,
      maxMemoryUsageInMB: 512,
    });
    return {
      width: decoded.width,
      height: decoded.height,
      rgb: dropAlpha(decoded.data, decoded.width * decoded.height),
    };
  } catch (error) {
    throw fail({
      code: DataCodes.imageDamaged,
      message:
        `the ${format === "png" ? "PNG" : "JPEG"} image '${path}' ` +
        `cannot be decoded: ${String((error as Error).message ?? error)}`,
      file: path,
      expected: "an undamaged picture; open it in an image viewer and save it again",
    });
  }
}

function dropAlpha(rgba: Uint8Array, pixels: number): Uint8Array {
  const rgb = new Uint8Array(pixels * 3);
  for (let p = 0; p < pixels; p++) {
    rgb[3 * p] = rgba[4 * p];
    rgb[3 * p + 1] = rgba[4 * p + 1];
    rgb[3 * p + 2] = rgba[4 * p + 2];
  }
  return rgb;
}

/** Area-averaged resize to size × size; each output value is the mean of the source area it covers. */
export function resizeImage(image: RgbImage, size: number): RgbImage {
  const { width, height, rgb } = image;
  const out = new Uint8Array(size * size * 3);
  const sx = width / size;
  const sy = height / size;
  for (let y = 0; y < size; y++) {
    const y0 = y * sy;
    const y1 = y0 + sy;
    for (let x = 0; x < size; x++) {
      const x0 = x * sx;
      const x1 = x0 + sx;
      const sums = [0, 0, 0];
      let area = 0;
      for (let py = Math.floor(y0); py < Math.min(height, Math.ceil(y1)); py++) {
        const wy = Math.min(y1, py + 1) - Math.max(y0, py);
        for (let px = Math.floor(x0); px < Math.min(width, Math.ceil(x1)); px++) {
          const w = wy * (Math.min(x1, px + 1) - Math.max(x0, px));
          const s = (py * width + px) * 3;
          sums[0] += w * rgb[s];
          sums[1] += w * rgb[s + 1];
          sums[2] += w * rgb[s + 2];
          area += w;
        }
      }
      const o = (y * size + x) * 3;
      for (let c = 0; c < 3; c++) out[o + c] = Math.min(255, Math.max(0, Math.round(sums[c] / area)));
    }
  }
  return { width: size, height: size, rgb: out };
}

/** One column of features: the resized picture's bytes in C order (row, column, channel) / scale. */
export function imageFeatures(image: RgbImage, size: number, scale: number): Float64Array {
  const resized = image.width === size && image.height === size ? image : resizeImage(image, size);
  return Float64Array.from(resized.rgb, (v) => v / scale);
}
