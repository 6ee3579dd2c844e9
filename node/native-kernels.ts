// The product kernels compiled for this machine (node/native/kernels.c): built at `npm ci` by
// scripts/build-native.mjs with node-gyp and the machine's C compiler, and loaded here when they
// were. Where they were not (no compiler, another platform, NNC_KERNELS=simd or js), the
// WebAssembly kernels run: the same bits, about half the speed. See spec/semantics.md, "Kernels".
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { CHUNK_SIZE, type NativeKernels } from "../runtime/parallel.js";
import { KERNEL_NAMES } from "../runtime/wasm/product-kernels.js";

/** Where node-gyp puts the addon, from the package's root. */
export const ADDON_PATH = "build/Release/nnc_kernels.node";

export interface LoadedNativeKernels extends NativeKernels {
  /** The addon's file, for the helper threads to load it too. */
  readonly path: string;
}

interface Addon {
  readonly kernels: readonly string[];
  readonly chunkSize: number;
  readonly lanes: number;
  runChunk(heap: Float64Array, control: Int32Array, at: number): void;
}

let loaded: LoadedNativeKernels | null | undefined;

/**
 * The compiled kernels, or null where they are missing, switched off (NNC_KERNELS=simd or js) or
 * built for other kernels or chunk words than runtime/parallel.ts's (a stale build would read
 * them wrongly; `npm ci` or `node scripts/build-native.mjs` builds it afresh).
 */
export function nativeKernels(): LoadedNativeKernels | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  const wanted = process.env.NNC_KERNELS;
  if (wanted === "simd" || wanted === "js") return loaded;
  // This file runs from node/ (sources), dist/node/ or the bundle's chunks in dist/cli/chunks/:
  // the package's root is one to three folders up.
  const require = createRequire(import.meta.url);
  for (const up of ["../", "../../", "../../../"]) {
    const path = fileURLToPath(new URL(up + ADDON_PATH, import.meta.url));
    if (!existsSync(path)) continue;
    try {
      const addon = require(path) as Addon;
      if (addon.kernels.join() !== KERNEL_NAMES.join() || addon.chunkSize !== CHUNK_SIZE) continue;
      loaded = { lanes: addon.lanes, runChunk: addon.runChunk, path };
      break;
    } catch {
      // Built for another Node or machine: the WebAssembly kernels serve.
    }
  }
  return loaded;
}
