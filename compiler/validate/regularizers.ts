// Whole-model checks of the regularizers, on the IR: dropout names hidden layers that exist, each
// at most once; penalties and early stopping appear once; early stopping watches a declared set.
import { suggest } from "../../contracts/diagnostic.js";
import { Codes } from "../../contracts/codes.js";
import type { ModelIR, SourceSpan } from "../../contracts/ir.js";
import type { Reporter } from "../reporter.js";
import { Gaps, type OutputLayer } from "../gaps.js";

export function checkRegularizers(ir: ModelIR, layer: OutputLayer, report: Reporter, gaps = new Gaps()): void {
  const firstOf = new Map<string, SourceSpan | undefined>();
  const dropped = new Map<string, SourceSpan | undefined>();
  const hidden = layer.hidden.map((l) => l.name);
  const output = layer.layer?.name;
  // One generator draws every mask: two dropout statements must agree on how it is seeded.
  const dropouts = (ir.regularize ?? []).filter((r) => r.kind === "dropout");
  const firstDropout = dropouts[0];
  for (const r of dropouts.slice(1)) {
    if (r.kind !== "dropout" || firstDropout?.kind !== "dropout" || r.reseed === firstDropout.reseed) continue;
    const describe = (seed: number | undefined) => (seed === undefined ? "fresh masks" : `reseed: ${seed}`);
    report.error(
      r.at,
      Codes.repeatedRegularizer,
      `dropout statements disagree on how masks are ` +
        `drawn: ${describe(r.reseed)} here, ${describe(firstDropout.reseed)} before`,
      {
        label: "different mask generator",
        notes: firstDropout.at ? [`the first dropout is at line ${firstDropout.at.line}`] : undefined,
        help:
          "one generator draws every layer's mask: give both the same " +
          "`reseed`, or join them: `dropout(keep: [0.8, 0.9], on: [h1, h2])`",
      },
    );
  }
  for (const r of ir.regularize ?? []) {
    if (r.kind !== "dropout") {
      if (firstOf.has(r.kind)) {
        const first = firstOf.get(r.kind);
        report.error(r.at, Codes.repeatedRegularizer, `\`${r.kind}\` is given twice`, {
          label: "second one",
          notes: first ? [`the first is at line ${first.line}`] : undefined,
          help: "keep one of them",
        });
      } else firstOf.set(r.kind, r.at);
    }
    if (r.kind === "early_stop" && gaps.mayBeLost("data", r.data) && !ir.data.some((d) => d.name === r.data)) {
      gaps.postpone(`whether data set '${r.data}' is declared`);
    } else if (r.kind === "early_stop" && !ir.data.some((d) => d.name === r.data)) {
      const names = ir.data.map((d) => d.name);
      const close = suggest(r.data, names);
      report.error(r.at, Codes.unknownDataset, `early stopping watches data set '${r.data}', which is not declared`, {
        label: "no such data",
        expected: `one of the declared data sets: ${names.map((n) => `\`${n}\``).join(", ")}`,
        help: close ? `did you mean '${close}'?` : undefined,
      });
    }
    if (r.kind !== "dropout") continue;
    for (const { name, at: layerAt } of r.layers) {
      const where = layerAt ?? r.at;
      // A layer the syntax errors cost the model, or the layer after which one was lost, may be hidden.
      const mayBeHidden =
        gaps.mayBeLost("dense", name) || gaps.mayBeLost("input", name) || (!output && !hidden.includes(name));
      if (mayBeHidden && name !== output && !hidden.includes(name) && name !== ir.input.name) {
        gaps.postpone(`dropout on '${name}'`);
      } else if (name === output || name === ir.input.name) {
        const which = name === output ? "the output layer" : "the input";
        report.error(
          where,
          Codes.dropoutNotHidden,
          `dropout on '${name}', ${which}; dropout applies to hidden layers`,
          {
            label: `'${name}' is ${which}`,
            expected: hidden.length
              ? `hidden layers: ${hidden.map((n) => `\`${n}\``).join(", ")}`
              : "a model with hidden layers",
            help: name === output ? "the lesson drops out the hidden layers only: `on: [h1, h2]`" : undefined,
          },
        );
      } else if (!hidden.includes(name)) {
        const close = suggest(name, hidden);
        report.error(where, Codes.unknownLayer, `dropout on '${name}', which is not a layer of the model`, {
          label: "no such layer",
          expected: hidden.length
            ? `hidden layers: ${hidden.map((n) => `\`${n}\``).join(", ")}`
            : "a model with hidden layers",
          help: close ? `did you mean '${close}'?` : undefined,
        });
      } else if (dropped.has(name)) {
        report.error(where, Codes.repeatedRegularizer, `layer '${name}' is dropped out twice`, {
          label: "second time",
          notes: dropped.get(name) ? [`the first is at line ${dropped.get(name)!.line}`] : undefined,
          help: "name each layer once; per-layer keep probabilities go in one list: `keep: [0.8, 0.9]`",
        });
      } else dropped.set(name, r.at);
    }
  }
}
