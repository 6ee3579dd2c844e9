// `npm ci`'s install step: compiles the product kernels for this machine (node/native/kernels.c,
// binding.gyp) with node-gyp, the C compiler and Node's own headers. Never fails the install: where
// it cannot build, it says why and nnc runs its WebAssembly kernels (the same results to the bit,
// about half the speed of the compiled ones on large products). NNC_KERNELS=simd skips it.
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const addon = join(root, "build", "Release", "nnc_kernels.node");
const fallback =
  "nnc will run its WebAssembly kernels instead: the same results, about half the speed on large products";

if (process.env.NNC_KERNELS === "simd" || process.env.NNC_KERNELS === "js") {
  console.log(`nnc: NNC_KERNELS=${process.env.NNC_KERNELS}: the compiled kernels are not built`);
  process.exit(0);
}

// npm hands its own node-gyp to install scripts; run by hand, look for the one npm ships with.
const candidates = [
  process.env.npm_config_node_gyp,
  join(dirname(process.execPath), "..", "lib", "node_modules", "npm", "node_modules", "node-gyp", "bin", "node-gyp.js"),
].filter((path) => path && existsSync(path));
if (candidates.length === 0) {
  console.warn(`nnc: node-gyp was not found (run this from npm, or install node-gyp); ${fallback}`);
  process.exit(0);
}

// Node's own headers where the machine has them, so node-gyp downloads nothing.
const args = [candidates[0], "rebuild", "--release"];
const headers = join(dirname(process.execPath), "..", "include", "node", "node_api.h");
if (!process.env.npm_config_nodedir && existsSync(headers))
  args.push(`--nodedir=${join(dirname(headers), "..", "..")}`);

const started = performance.now();
const build = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
if (build.status !== 0 || !existsSync(addon)) {
  const said = `${build.stdout ?? ""}${build.stderr ?? ""}`.trim().split("\n").slice(-12).join("\n");
  console.warn(`nnc: the compiled kernels did not build (${build.error?.message ?? `node-gyp exit ${build.status}`}):`);
  if (said) console.warn(said);
  console.warn(`nnc: ${fallback}`);
  rmSync(addon, { force: true });
  process.exit(0);
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`nnc: compiled the product kernels for this machine in ${seconds} s (${addon})`);
