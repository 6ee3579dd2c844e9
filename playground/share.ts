// A model in a URL: the text, its file name and the page's view settings, compressed with
// lz-string into the hash (`#m=...`), so a link opens the same model in the same view. Runs are
// seeded, so the opened model trains to the same cost lines, bit for bit.
import LZString from "lz-string";

export interface SharedState {
  file: string;
  text: string;
  /** The teaching pane shown: "derivation", "check" or "shapes". */
  pane: string;
}

export function encodeState(state: SharedState): string {
  return `#m=${LZString.compressToEncodedURIComponent(JSON.stringify(state))}`;
}

/** The state in a hash, or undefined when there is none or it does not decode. */
export function decodeState(hash: string): SharedState | undefined {
  const match = /^#m=(.+)$/.exec(hash);
  if (!match) return undefined;
  try {
    const state = JSON.parse(LZString.decompressFromEncodedURIComponent(match[1]) ?? "") as Partial<SharedState>;
    if (typeof state.text !== "string") return undefined;
    return { file: String(state.file ?? "model.nnspec"), text: state.text, pane: String(state.pane ?? "derivation") };
  } catch {
    return undefined;
  }
}
