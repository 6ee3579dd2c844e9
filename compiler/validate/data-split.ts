// Checks of the data sets cut from one source (`data train, test = ... split 300, 100`), on the
// IR so that IR files get them too: one size per part, every part declared with the same split,
// and sizes that add up to the source's examples when those are known before loading (a
// generator's `samples`; a file's count is checked when it is read, drivers/train-model.ts).
import { Codes } from "../../contracts/codes.js";
import type { DataIR, ModelIR, SplitIR } from "../../contracts/ir.js";
import type { Reporter } from "../reporter.js";
import { exampleSizes } from "../to-ir-split.js";

/** The sizes to suggest for `total` examples: the written ones with the last one fixed, when that works. */
export function fixedSizes(sizes: readonly number[], total: number): number[] {
  const others = sizes.slice(0, -1).reduce((sum, size) => sum + size, 0);
  if (sizes.length > 1 && total - others >= 1) return [...sizes.slice(0, -1), total - others];
  return exampleSizes(total, sizes.length);
}

/** The message, label and help of sizes that do not add up to a source's `total` examples. */
export function sizesMismatch(split: SplitIR, total: number, source: string) {
  const sum = split.sizes.reduce((a, b) => a + b, 0);
  return {
    message: `the parts of the split add up to ${sum} examples, but ${source} has ${total}`,
    details: {
      label: `${split.sizes.join(" + ")} = ${sum}, not ${total}`,
      expected: `sizes that add up to ${total}, one per data set (${split.parts.join(", ")})`,
      help: `write \`split ${fixedSizes(split.sizes, total).join(", ")}\``,
    },
  };
}

/** `circles(samples: 400)`, `the CSV file 'data/f.csv'`: the source, as a message names it. */
export function describeSource(d: DataIR): string {
  if (d.kind === "csv" || d.kind === "hdf5" || d.kind === "mat") return `the file '${d.file}'`;
  return `\`${d.kind}(samples: ${d.samples}, ...)\``;
}

export function checkSplits(ir: ModelIR, report: Reporter): void {
  const seen = new Set<string>();
  for (const d of ir.data) {
    const split = d.split;
    if (!split) continue;
    const key = split.parts.join(",");
    if (seen.has(key)) continue;
    seen.add(key);
    if (split.sizes.length !== split.parts.length) {
      const n = split.parts.length;
      const sizes = `${split.sizes.length} size${split.sizes.length === 1 ? "" : "s"}`;
      const named = `${n} data set${n === 1 ? " is" : "s are"} named`;
      report.error(split.at ?? d.at, Codes.splitParts, `${named}, but the split has ${sizes}`, {
        label: sizes,
        expected: `one size per data set, in the order of the names: ${split.parts.join(", ")}`,
        help: "samples" in d ? `write \`split ${exampleSizes(d.samples, n).join(", ")}\`` : undefined,
      });
      continue;
    }
    const declared = (part: string) => ir.data.some((e) => e.name === part && e.split?.parts.join(",") === key);
    const missing = split.parts.filter((part) => !declared(part));
    if (missing.length > 0) {
      const which = `${missing.map((m) => `'${m}'`).join(", ")}, which ${missing.length === 1 ? "is" : "are"}`;
      report.error(split.at ?? d.at, Codes.splitParts, `the split names ${which} not declared with it`, {
        label: "parts of one split",
        expected: "one data entry per part, each with the same `split`",
      });
      continue;
    }
    if (!("samples" in d)) continue;
    const sum = split.sizes.reduce((a, b) => a + b, 0);
    if (sum === d.samples) continue;
    const { message, details } = sizesMismatch(split, d.samples, describeSource(d));
    report.error(split.at ?? d.at, Codes.splitSizes, message, details);
  }
}
