// `nnc new NAME [--from EXAMPLE]`: a starter model that runs as is, written atomically beside the
// user, never over an existing file unless --force. `--from` copies a shipped example with its
// model name replaced and its data files' paths rewritten to resolve from the new file's folder (absolute where
// a relative path would climb out of it).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { suggest } from "../contracts/diagnostic.js";
import { usageError, type Command } from "./command.js";
import { writeFileAtomic } from "./files.js";

/** The shipped examples folder: beside package.json, found upward (this runs from cli/, dist/cli/ or its chunks/). */
export function examplesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 5; up++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string };
      if (pkg.name === "nnc" && existsSync(join(dir, "examples"))) return join(dir, "examples");
    } catch {
      // not at this level
    }
  }
  throw new Error("nnc's examples folder was not found beside its package.json");
}

export function exampleNames(): string[] {
  return readdirSync(examplesDir())
    .filter((f) => f.endsWith(".nnspec"))
    .map((f) => f.slice(0, -".nnspec".length))
    .sort();
}

/** A model name from a file name: letters, digits and `_`, not starting with a digit. */
export function modelNameFor(name: string): string {
  const cleaned = basename(name)
    .replace(/\.nnspec$/, "")
    .replace(/[^A-Za-z0-9_]/g, "_");
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `m_${cleaned}`;
}

export function starterModel(model: string): string {
  return `# A starter model: a small network that tells two concentric circles apart.
# Run it with \`nnc run FILE\`, see its shapes with \`nnc shapes FILE\`, then change one line at a time.
model ${model} {
  seed 3                      # the numpy seed that draws the weights

  # Built-in data sets: circles, moons, blobs; or csv(file: ...), hdf5(file: ...).
  data train = circles(samples: 300, noise: 0.05, seed: 1)
  data test  = circles(samples: 100, noise: 0.05, seed: 2)

  input x[2]                  # two features per example
  dense h1[10] relu    init he  # W1: 10 × 2, drawn as randn · sqrt(2 / fan_in)
  dense h2[5]  relu    init he
  dense out[1] sigmoid init he  # one unit: the probability of class 1

  loss cross_entropy
  train gd(learning_rate: 0.05) on train for 2000 iterations, report cost every 200
  report accuracy on train, test
}
`;
}

/** The example's text with its model renamed and each relative data file's path made to resolve from `targetDir`. */
export function copyExample(source: string, model: string, targetDir: string): string {
  const sourceDir = dirname(source);
  const text = readFileSync(source, "utf8");
  const renamed = text.replace(/^(\s*model\s+)[A-Za-z_][A-Za-z0-9_]*/m, `$1${model}`);
  return renamed.replace(/"([^"\n]+)"/g, (literal, path: string) => {
    if (isAbsolute(path)) return literal;
    const target = resolve(sourceDir, path);
    if (!existsSync(target) || !statSync(target).isFile()) return literal;
    // Beside or below the new file a relative path reads well; one that climbs out of the user's
    // folder into nnc's install would break when either moves, so it becomes absolute.
    const moved = relative(targetDir, target);
    return JSON.stringify(moved.startsWith("..") ? target : moved.split(sep).join("/"));
  });
}

export const newModel: Command = {
  usage: "[--from EXAMPLE] [--force] <NAME>",
  description:
    "Writes NAME.nnspec: a commented starter model that runs as is, or a copy of a shipped example " +
    "(--from init-he, reg-l2, ...) with its model name replaced and its data paths still resolving.",
  positionals: [1, 1],
  options: {
    from: { type: "string", argName: "EXAMPLE", help: "Start from a shipped example (init-he, reg-l2, cat-deep, ...)" },
    force: { type: "boolean", help: "Overwrite NAME.nnspec if it exists" },
  },
  run([name], options, io) {
    const file = name.endsWith(".nnspec") ? name : `${name}.nnspec`;
    const model = modelNameFor(file);
    const targetDir = dirname(resolve(file));
    let text: string;
    if (typeof options.from === "string") {
      const from = options.from.replace(/\.nnspec$/, "");
      const names = exampleNames();
      if (!names.includes(from)) {
        const close = suggest(from, names);
        usageError(
          `no shipped example '${from}'`,
          close ? `did you mean '--from ${close}'? (examples: ${names.join(", ")})` : `examples: ${names.join(", ")}`,
        );
      }
      text = copyExample(join(examplesDir(), `${from}.nnspec`), model, targetDir);
    } else {
      text = starterModel(model);
    }
    if (!existsSync(targetDir)) usageError(`the folder '${dirname(file)}' does not exist`, "create it first", file);
    const refuseExisting = () =>
      usageError(
        `'${file}' already exists; nnc new does not overwrite it`,
        "choose another name, or add --force",
        file,
      );
    if (existsSync(file) && !options.force) refuseExisting();
    try {
      writeFileAtomic(file, text, { exclusive: !options.force });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") refuseExisting();
      throw error;
    }
    io.out(`wrote ${file} (model '${model}'${typeof options.from === "string" ? `, from ${options.from}` : ""})`);
    io.out(`next: nnc run ${file}`);
    return 0;
  },
};
