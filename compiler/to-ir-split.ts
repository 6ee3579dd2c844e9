// A `data` statement's IR entries: its source as one entry, or, when it is cut into parts
// (`data train, test = circles(samples: 400, noise: 0.05, seed: 1) split 300, 100`), one entry per
// part, each the source with its SplitIR. Checked here: several names need a `split`, each size
// is a whole number of examples, and the order word. Whether the sizes pair with the names and
// add up to the source is checked on the IR (validate/data-split.ts), so IR files get it too.
import type { DataStmt, Span } from "../grammar/ast.js";
import { Codes } from "../contracts/codes.js";
import type { DataIR, SourceSpan, SplitIR } from "../contracts/ir.js";
import { checkRange } from "./bind-arguments.js";
import type { Reporter } from "./reporter.js";
import { resolveWord } from "./resolve-word.js";
import { Limits, splitOrders } from "./vocabulary.js";

const at = (span: Span): SourceSpan => ({ ...span });

const sizeSpec = {
  name: "size",
  type: "integer",
  required: true,
  min: 1,
  limit: Limits.samples,
  doc: "the number of examples in a part",
} as const;

/** `split 300, 100` for `examples` examples in `parts` parts: about three quarters, then the rest evenly. */
export function exampleSizes(examples: number, parts: number): number[] {
  if (parts < 2 || examples < parts) return [examples];
  const first = Math.max(1, Math.min(examples - (parts - 1), Math.round(examples * 0.75)));
  const rest = examples - first;
  const sizes = [first];
  for (let k = 1; k < parts; k++) sizes.push(Math.floor(rest / (parts - 1)) + (k <= rest % (parts - 1) ? 1 : 0));
  return sizes;
}

/** The statement's entries, or undefined when it has an error (reported). */
export function dataEntries(s: DataStmt, source: DataIR, report: Reporter): DataIR[] | undefined {
  const names = s.names;
  const samples = "samples" in source ? source.samples : undefined;
  if (!s.split) {
    if (names.length === 1) return [source];
    const sizes = samples !== undefined ? exampleSizes(samples, names.length).join(", ") : "300, 100";
    const last = names[names.length - 1].span;
    const span = { ...names[0].span, endLine: last.endLine, endColumn: last.endColumn };
    const message = `${names.length} data sets are named, but the source is not split into parts`;
    report.error(span, Codes.splitParts, message, {
      label: `${names.length} names`,
      expected: "one name per data set, or the sizes of the parts after the source",
      help: `write \`${s.source.text} split ${sizes}\``,
    });
    return undefined;
  }
  const split = s.split;
  // Every size is checked, so that each wrong one is reported.
  let ok = split.sizes.map((size) => checkRange(size.value, sizeSpec, size.span, report, "a part")).every(Boolean);
  let shuffle: SplitIR["shuffle"];
  if (split.order) {
    const kind = {
      table: splitOrders,
      what: "split order",
      code: Codes.unknownSplitOrder,
      tail: "with a `seed` or without, as in `shuffled(seed: 4)`",
    };
    const order = resolveWord(split.order, kind, report);
    if (!order) ok = false;
    else {
      const seed = order.args.seed as number | undefined;
      shuffle = seed !== undefined ? { kind: "seed", seed } : { kind: "stream" };
    }
  }
  if (!ok) return undefined;
  const ir: SplitIR = {
    parts: names.map((n) => n.name),
    parts_at: names.map((n) => at(n.span)),
    sizes: split.sizes.map((size) => size.value),
    ...(shuffle ? { shuffle } : {}),
    at: at(split.span),
  };
  return names.map((name) => ({ ...source, name: name.name, split: ir }));
}
