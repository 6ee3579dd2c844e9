// The examples the page carries (every examples/*.nnspec) and the small data files they read,
// bundled by scripts/build-playground.mjs; larger data files are chosen from disk.
// @ts-expect-error: a module made by scripts/build-playground.mjs
import { dataFiles as encoded, examples as bundled } from "nnc:examples";

export const examples = bundled as Array<{ name: string; text: string }>;

function decode(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** Paths relative to the examples (`data/football.mat`) → bytes. */
export const bundledData: Record<string, Uint8Array> = Object.fromEntries(
  Object.entries(encoded as Record<string, string>).map(([path, base64]) => [path, decode(base64)]),
);
