// The form of an explanation that `nnc explain` prints (explanations.ts holds them): what a code
// means, an example of the mistake and its fix, and how a test reads a `.nnspec` example, put in
// one small model, so that it can compile it.

/**
 * How an example is written and read:
 * - `model`: .nnspec statements, each put in `exampleModel` in place of the statement of the same
 *   kind and name (or added at its end). Comment lines `# NAME:` followed by `#   ` lines give the
 *   text of a data file the statements name.
 * - `file`: a whole .nnspec file.
 * - `ir`: the text of an IR file (the fix is the command that writes a good one).
 * - `command`: a command line, and the one that works.
 * - `code`: JavaScript that calls nnc's library (index.ts), for what only the library can do.
 */
export type ExampleForm = "model" | "file" | "ir" | "command" | "code";

export interface Explanation {
  /** One line: what the code means. */
  summary: string;
  form: ExampleForm;
  /** An example of the mistake that gives the code. */
  mistake: string;
  /** The same example, corrected. */
  fix: string;
}

/** The model the `model` examples are put in: the initialization lesson, shortened. */
export const exampleModel = `model example {
  seed 3
  data train = circles(samples: 300, noise: 0.05, seed: 1)
  data test  = circles(samples: 100, noise: 0.05, seed: 2)
  input x[2]
  dense h1[10] relu    init he
  dense h2[5]  relu    init he
  dense out[1] sigmoid init he
  loss cross_entropy
  train gd(learning_rate: 0.01) on train for 1000 iterations, report cost every 100
  report accuracy on train, test
}
`;

/** Statements whose second word is the name they declare: one of each name may appear. */
const named = new Set(["data", "input", "dense", "activation", "param", "let"]);

/** The kind (and name) of a statement line, which a snippet's statement of the same key replaces. */
function keyOf(line: string): string {
  const words = line.trim().split(/[\s[(=:,]+/);
  return named.has(words[0]) ? `${words[0]} ${words[1]}` : words[0];
}

/**
 * A `model` example as a whole file: each of its statements replaces the example model's
 * statement of the same key, or is added before the model's `}`. A statement runs on while its
 * braces are open (a `backward { ... }` block), and comment lines stay with the statement after them.
 */
export function inExampleModel(snippet: string, model = exampleModel): string {
  const statements: string[][] = [];
  let depth = 0;
  let pending: string[] = [];
  for (const line of snippet.split("\n")) {
    if (line.trim().startsWith("#") && depth === 0) {
      pending.push(line);
      continue;
    }
    if (depth === 0) {
      statements.push([...pending, line]);
      pending = [];
    } else statements[statements.length - 1].push(line);
    depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
  }
  if (pending.length) statements.push(pending);
  const lines: string[][] = model
    .trimEnd()
    .split("\n")
    .map((line) => [line]);
  const replaced = new Set<number>();
  const added: string[] = [];
  for (const statement of statements) {
    const first = statement.find((line) => !line.trim().startsWith("#")) ?? "";
    const at = first ? lines.findIndex(([line], i) => i > 0 && !replaced.has(i) && keyOf(line) === keyOf(first)) : -1;
    const indented = statement.map((line) => `  ${line}`);
    if (at < 0) added.push(...indented);
    else {
      lines[at] = indented;
      replaced.add(at);
    }
  }
  lines.splice(lines.length - 1, 0, added);
  return `${lines.flat().join("\n")}\n`;
}

/** The data files a `model` example describes in comments: `# points.csv:` then `#   ` lines. */
export function exampleFiles(snippet: string): Map<string, string> {
  const files = new Map<string, string>();
  let current: string | undefined;
  for (const line of snippet.split("\n")) {
    const header = /^\s*# ([\w.-]+\.\w+):\s*$/.exec(line);
    const content = /^\s*# {3}(.*)$/.exec(line);
    if (header) files.set((current = header[1]), "");
    else if (current && content) files.set(current, `${files.get(current)}${content[1]}\n`);
    else current = undefined;
  }
  return files;
}
