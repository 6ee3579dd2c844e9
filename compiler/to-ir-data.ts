// A `data` statement → its IR entries: the source resolved against the vocabulary and its
// arguments bound (toData), then cut into parts when the statement names several (to-ir-split.ts).
import type { CallExpression, DataStmt, Span } from "../grammar/ast.js";
import { Codes } from "../contracts/codes.js";
import type { DataIR, SourceSpan } from "../contracts/ir.js";
import type { Gaps } from "./gaps.js";
import type { Reporter } from "./reporter.js";
import { kinds, resolveWord } from "./resolve-word.js";
import { dataEntries } from "./to-ir-split.js";

const at = (span: Span): SourceSpan => ({ ...span });

/**
 * The data sets a statement declares. One whose source cannot be read is still declared (with a
 * stand-in source) so the rest of the model may use its names, and its content is marked doubtful.
 */
export function toDataStatement(s: DataStmt, report: Reporter, gaps: Gaps): DataIR[] {
  const errors = report.errorCount;
  const d = toData(s.source, s.name.name, s.span, report);
  // Circles and moons have 2 features and 2 classes whatever their arguments; other
  // sources take them from the arguments, which an error leaves in doubt.
  const source = s.source.callee.name;
  const fixedShape = source === "circles" || source === "moons";
  const entries = d && dataEntries(s, d, report);
  for (const name of s.names) {
    if (!fixedShape && (!entries || report.errorCount > errors)) gaps.doubt("data", name.name, "content");
  }
  if (entries) return entries;
  return s.names.map((name): DataIR =>
    fixedShape
      ? { name: name.name, kind: source, samples: 0, noise: 0, at: at(s.span) }
      : { name: name.name, kind: "mat", file: "", features: "", label: "", at: at(s.span) },
  );
}

function toData(source: CallExpression, name: string, span: Span, report: Reporter): DataIR | undefined {
  const r = resolveWord(source, kinds.data, report);
  if (!r) return undefined;
  const a = r.args;
  switch (r.callable.name) {
    case "randn": {
      const labels = a.labels as number[];
      if (labels.length !== a.samples) {
        report.error(
          source.span,
          Codes.outOfRange,
          `\`randn\` data of ${a.samples} examples needs ${a.samples} labels, but ${labels.length} are given`,
          {
            label: "labels do not match samples",
            help: `give one 0/1 label per example, or write \`samples: ${labels.length}\``,
          },
        );
        return undefined;
      }
      const d: DataIR = {
        name,
        kind: "randn",
        features: a.features as number,
        samples: a.samples as number,
        labels,
        at: at(span),
      };
      if (a.seed !== undefined) d.seed = a.seed as number;
      return d;
    }
    case "circles":
    case "moons": {
      const d: DataIR = {
        name,
        kind: r.callable.name,
        samples: a.samples as number,
        noise: a.noise as number,
        at: at(span),
      };
      if (a.seed !== undefined) d.seed = a.seed as number;
      if (a.factor !== undefined && d.kind === "circles") d.factor = a.factor as number;
      return d;
    }
    case "blobs": {
      const d: DataIR = {
        name,
        kind: "blobs",
        samples: a.samples as number,
        centers: a.centers as number,
        std: (a.std as number | undefined) ?? 1,
        at: at(span),
      };
      if (a.seed !== undefined) d.seed = a.seed as number;
      return d;
    }
    case "hdf5":
    case "mat": {
      const d: DataIR = {
        name,
        kind: r.callable.name,
        file: a.file as string,
        features: a.features as string,
        label: a.label as string,
        at: at(span),
      };
      if (a.scale !== undefined && d.kind === "hdf5") d.scale = a.scale as number;
      return d;
    }
    default: {
      const d: DataIR = {
        name,
        kind: "csv",
        file: a.file as string,
        features: a.features as string[],
        label: a.label as string,
        at: at(span),
      };
      if (a.where) d.where = a.where as { column: string; equals: string };
      return d;
    }
  }
}
