// `regularize ...` statements → RegularizerIR: resolves the regularizer's word, binds its
// arguments (ranges: lambda ≥ 0, keep in (0, 1], patience ≥ 1) and shapes the IR. Checks that need
// the whole model (layer names, the output layer, repeats, data set names) run on the IR in
// validate/regularizers.ts, so IR files get them too.
import type { RegularizeStmt } from "../grammar/ast.js";
import { suggest } from "../contracts/diagnostic.js";
import { bindArguments } from "./bind-arguments.js";
import { Codes, alternatives } from "../contracts/codes.js";
import type { RegularizerIR, SourceSpan } from "../contracts/ir.js";
import type { Reporter } from "./reporter.js";
import { callableNames, earlyStopMetrics, findCallable, regularizers } from "./vocabulary.js";

export function toRegularizer(s: RegularizeStmt, reportEvery: number, report: Reporter): RegularizerIR | undefined {
  const e = s.regularizer;
  const callee = e.kind === "call" ? e.callee : e.kind === "name" ? e : undefined;
  const names = callableNames(regularizers);
  if (!callee) {
    report.error(e.span, Codes.unknownRegularizer, `expected a regularizer here, found \`${e.text}\``, {
      label: "not a regularizer",
      expected: alternatives(names),
    });
    return undefined;
  }
  const name = callee.name;
  const callable = findCallable(regularizers, name);
  if (!callable) {
    const close = suggest(name, names);
    report.error(callee.span, Codes.unknownRegularizer, `unknown regularizer '${name}'`, {
      label: "not a regularizer",
      expected: `${alternatives(names)}, such as \`regularize l2(lambda: 0.7)\``,
      help: close ? `did you mean '${close}'?` : undefined,
    });
    return undefined;
  }
  const args = bindArguments(callable, e.kind === "call" ? e.args : [], e.span, report, `\`${callable.name}\``);
  if (!args) return undefined;
  const at: SourceSpan = { ...s.span };
  switch (callable.name) {
    case "l2":
    case "l1":
      return { kind: callable.name, lambda: args.lambda as number, at };
    case "dropout": {
      const layers = args.on as string[];
      const keep = args.keep as number[];
      // Where each layer name was written, so errors about a layer point at its name.
      const onValue =
        e.kind === "call"
          ? (e.args.find((a) => a.name?.name === "on") ?? e.args.filter((a) => !a.name)[1])?.value
          : undefined;
      const layerSpans =
        onValue?.kind === "list" ? onValue.items.map((item) => item.span) : onValue ? [onValue.span] : [];
      if (keep.length !== 1 && keep.length !== layers.length) {
        report.error(
          e.span,
          Codes.keepCountMismatch,
          `dropout gives ${keep.length} keep probabilities for ${layers.length} layers`,
          {
            label: "counts differ",
            expected: "one keep probability for all the layers, or one per layer in the order of `on`",
            help: `write \`keep: ${keep[0]}\` or a list of ${layers.length} numbers`,
          },
        );
        return undefined;
      }
      return {
        kind: "dropout",
        layers: layers.map((layer, i) => ({
          name: layer,
          keep: keep.length === 1 ? keep[0] : keep[i],
          ...(layerSpans[i] ? { at: { ...layerSpans[i] } } : {}),
        })),
        ...(args.reseed !== undefined ? { reseed: args.reseed as number } : {}),
        at,
      };
    }
    default: {
      const metric = (args.metric as string | undefined) ?? "cost";
      if (!(earlyStopMetrics as readonly string[]).includes(metric)) {
        const close = suggest(metric, earlyStopMetrics);
        report.error(e.span, Codes.unknownStopMetric, `early stopping cannot watch '${metric}'`, {
          label: "unknown metric",
          expected: alternatives(earlyStopMetrics),
          help: close ? `did you mean '${close}'?` : undefined,
        });
        return undefined;
      }
      return {
        kind: "early_stop",
        patience: args.patience as number,
        data: args.on as string,
        metric: metric as "cost" | "accuracy",
        every: (args.every as number | undefined) ?? (reportEvery > 0 ? reportEvery : 100),
        at,
      };
    }
  }
}
