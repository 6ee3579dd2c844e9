// The layering rules of spec/architecture.md as data, and a checker that reads every import of the
// source tree (static, `export … from` and dynamic `import()`) with TypeScript's own scanner.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, posix, relative } from "node:path";
import ts from "typescript";

/** Each layer and the layers it may import; a layer may always import itself. */
export const LAYERS: Record<string, readonly string[]> = {
  contracts: [],
  grammar: ["contracts"],
  runtime: ["contracts"],
  compiler: ["contracts", "grammar", "runtime"],
  drivers: ["contracts", "grammar", "runtime", "compiler"],
  // The editor's features as plain functions on a document's text, shared by `nnc lsp` and the playground.
  language: ["contracts", "grammar", "runtime", "compiler", "drivers"],
  // Hand-off targets (PyTorch scripts, ONNX graphs): text and bytes made from the IR, usable in a page too.
  emit: ["contracts", "grammar", "runtime", "compiler", "drivers"],
  // Node's implementations of the core's interfaces (the disk as ModelFiles, worker threads), for Node's doors.
  node: ["contracts", "runtime"],
  report: ["contracts", "grammar", "runtime", "compiler", "drivers"],
  lsp: ["contracts", "grammar", "runtime", "compiler", "drivers", "language", "node"],
  playground: ["contracts", "grammar", "runtime", "compiler", "drivers", "language", "report", "emit"],
  cli: ["contracts", "grammar", "runtime", "compiler", "drivers", "report", "node", "language", "emit", "lsp"],
  library: ["contracts", "grammar", "runtime", "compiler", "drivers", "report", "node", "language", "emit"],
};

/** The layers that must run in a browser: no `node:` module and no package that needs Node. */
export const BROWSER_SAFE = new Set([
  "contracts",
  "grammar",
  "runtime",
  "compiler",
  "drivers",
  "language",
  "emit",
  "playground",
]);

/** Packages that only run under Node (or only in their Node build). */
export const NODE_ONLY_PACKAGES = [/^h5wasm\/node$/, /^pngjs/, /^prettier\/plugins\/.*node/];

const NODE_BUILTINS = new Set(
  (
    "assert buffer child_process crypto events fs http https module net os path perf_hooks " +
    "process readline stream string_decoder timers tty url util v8 vm worker_threads zlib"
  ).split(" "),
);

export function layerOf(file: string): string | undefined {
  if (file === "index.ts") return "library";
  const top = file.split("/")[0];
  return top in LAYERS ? top : undefined;
}

export interface Violation {
  file: string;
  imports: string;
  rule: string;
}

/** Imports of one source text: relative ones resolved to tree paths (`.js` read as `.ts`), others as written. */
export function importsOf(file: string, text: string): string[] {
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map(({ fileName }) =>
    fileName.startsWith(".")
      ? posix.normalize(posix.join(posix.dirname(file), fileName)).replace(/\.js$/, ".ts")
      : fileName,
  );
}

/** Every rule broken by a tree of sources (paths relative to the project root, `/`-separated), and every cycle. */
export function checkArchitecture(sources: ReadonlyMap<string, string>): Violation[] {
  const violations: Violation[] = [];
  const edges = new Map<string, string[]>();
  for (const [file, text] of sources) {
    const layer = layerOf(file);
    const local: string[] = [];
    for (const target of importsOf(file, text)) {
      if (!target.startsWith("node:") && !NODE_BUILTINS.has(target) && sources.has(target)) local.push(target);
      if (!layer) continue;
      const isNode = target.startsWith("node:") || NODE_BUILTINS.has(target.split("/")[0]);
      if (BROWSER_SAFE.has(layer) && (isNode || NODE_ONLY_PACKAGES.some((p) => p.test(target)))) {
        violations.push({
          file,
          imports: target,
          rule: `${layer}/ must run in a browser: no Node module or Node-only package`,
        });
      }
      const targetLayer = sources.has(target) || target.endsWith(".ts") ? layerOf(target) : undefined;
      if (targetLayer && targetLayer !== layer && !LAYERS[layer].includes(targetLayer)) {
        violations.push({ file, imports: target, rule: `${layer}/ may not import ${targetLayer}/` });
      }
    }
    edges.set(file, local);
  }
  for (const cycle of findCycles(edges)) {
    violations.push({ file: cycle[0], imports: cycle[1], rule: `import cycle: ${cycle.join(" → ")}` });
  }
  return violations;
}

/** One cycle per strongly connected component of more than one file (Tarjan), written from its first file. */
export function findCycles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(pathThrough(new Set(component), edges));
    }
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles;
}

/** A closed walk inside one component, from its alphabetically first file back to it. */
function pathThrough(component: Set<string>, edges: ReadonlyMap<string, readonly string[]>): string[] {
  const start = [...component].sort()[0];
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of edges.get(v) ?? []) {
      if (!component.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u = v; u !== start; u = previous.get(u)!) path.splice(1, 0, u);
        return [...path, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

/** The project's sources (not tests, not generated declarations), keyed by path from the root. */
export function readSourceTree(root: string): Map<string, string> {
  const sources = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (["node_modules", "dist", ".git", "test", "bench", "scripts", "examples", "spec", "docs"].includes(entry.name))
        continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.ts$/.test(entry.name) && !/\.(test|d)\.ts$/.test(entry.name)) {
        sources.set(relative(root, path).split("\\").join("/"), readFileSync(path, "utf8"));
      }
    }
  };
  walk(root);
  sources.delete("vitest.config.ts");
  return sources;
}

export const projectRoot = join(dirname(new URL(import.meta.url).pathname), "..", "..");
