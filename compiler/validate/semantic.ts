// Whole-model checks on the IR, after the schema: names are unique and resolve, the output layer
// fits the loss, the input fits the data, and the model's size is bounded before anything is
// allocated. They run on the IR (not the syntax tree) so that IR files get the same checks.
// On a model with errors they run on the compiler's draft, skipping what reads a stand-in (gaps.ts).
import { suggest } from "../../contracts/diagnostic.js";
import { Codes } from "../../contracts/codes.js";
import type { ModelIR, SourceSpan } from "../../contracts/ir.js";
import type { Reporter } from "../reporter.js";
import { Limits } from "../vocabulary.js";
import { activationWords, getOp } from "../../runtime/ops/index.js";
import { checkRegularizers } from "./regularizers.js";
import { checkBackwardBlock } from "./backward.js";
import { checkSplits } from "./data-split.js";
import { ACTIVATION_FUNCTIONS, checkExpression } from "../../runtime/expr.js";
import { activationDerivative } from "../custom-activation.js";
import { Gaps, outputLayer, type OutputLayer } from "../gaps.js";

/** Features of the built-in generators, known before any data is made. */
const syntheticFeatures: Record<string, number> = { circles: 2, moons: 2, blobs: 2 };

export function checkSemantics(ir: ModelIR, report: Reporter, gaps = new Gaps()): void {
  checkUniqueNames(ir, report);
  checkSplits(ir, report);
  checkDataReferences(ir, report, gaps);
  const output = outputLayer(ir, gaps);
  checkOutputLayer(ir, output, report, gaps);
  checkClassCount(ir, output, report, gaps);
  checkInputSize(ir, report, gaps);
  checkParameterCount(ir, report, gaps);
  checkRegularizers(ir, output, report, gaps);
  checkCustomActivations(ir, report);
  // Its shapes follow from every layer and data set: on a model with other errors they would be guesses.
  if (!report.hasErrors && gaps.lost.length === 0) checkBackwardBlock(ir, report);
  else if (ir.backward) gaps.postpone("the `backward` block, which is checked on a model with no other error");
}

/**
 * For IR files (a .nnspec's formulas were checked when its IR was built): every custom activation
 * a layer names is defined, and every formula is within what an activation may use.
 */
function checkCustomActivations(ir: ModelIR, report: Reporter): void {
  const defined = new Map((ir.activations ?? []).map((a) => [a.name, a]));
  for (const layer of ir.layers) {
    if (!("custom" in layer.activation) || defined.has(layer.activation.name)) continue;
    report.error(
      layer.at,
      Codes.unknownActivation,
      `layer '${layer.name}' uses activation '${layer.activation.name}', which the model does not define`,
      {
        label: "undefined activation",
        help: "add it to `activations`, or name a built-in activation",
      },
    );
  }
  for (const a of defined.values()) {
    const problems = checkExpression(a.formula, [a.parameter, "e", "pi"], ACTIVATION_FUNCTIONS);
    if (problems.length > 0) {
      report.error(
        a.at,
        Codes.unknownActivationName,
        `the formula of activation '${a.name}' cannot run: ${problems.map((p) => p.message).join("; ")}`,
        {
          label: "formula",
          expected: `arithmetic in \`${a.parameter}\` with ${ACTIVATION_FUNCTIONS.join(", ")}`,
        },
      );
      continue;
    }
    try {
      activationDerivative(a);
    } catch (error) {
      report.error(
        a.at,
        Codes.activationNotDifferentiable,
        `the formula of activation '${a.name}' cannot be differentiated: ${(error as Error).message}`,
      );
    }
  }
}

function checkUniqueNames(ir: ModelIR, report: Reporter): void {
  const layerNames = new Map<string, SourceSpan | undefined>([[ir.input.name, ir.input.at]]);
  for (const layer of ir.layers) {
    const first = layerNames.get(layer.name);
    if (layerNames.has(layer.name)) {
      report.error(layer.at, Codes.duplicateName, `two layers are named '${layer.name}'`, {
        label: "name used again",
        notes: first ? [`'${layer.name}' is first declared at line ${first.line}`] : undefined,
        help: "give each layer its own name (h1, h2, out, ...)",
      });
    } else layerNames.set(layer.name, layer.at);
  }
  const dataNames = new Map<string, SourceSpan | undefined>();
  // The parts of a split share one statement: each is located by its own name (the k-th entry
  // of a split is its k-th part).
  const partsSeen = new Map<string, number>();
  for (const d of ir.data) {
    let where = d.at;
    if (d.split) {
      const key = d.split.parts.join(",");
      const k = partsSeen.get(key) ?? 0;
      partsSeen.set(key, k + 1);
      where = d.split.parts_at?.[k] ?? d.at;
    }
    const first = dataNames.get(d.name);
    if (dataNames.has(d.name)) {
      report.error(where, Codes.duplicateName, `two data sets are named '${d.name}'`, {
        label: "name used again",
        notes: first ? [`'${d.name}' is first declared at line ${first.line}`] : undefined,
        help: "name them apart, for example `train` and `test`",
      });
    } else dataNames.set(d.name, where);
  }
}

function checkDataReferences(ir: ModelIR, report: Reporter, gaps: Gaps): void {
  const names = [...new Set(ir.data.map((d) => d.name))];
  // A model that declares no data at all is told so once (NNC2011), not at every use.
  if (names.length === 0) return;
  const check = (name: string, at: SourceSpan | undefined, role: string) => {
    // "": no `train` statement, or no data to default to; each is reported as missing already.
    if (names.includes(name) || name === "") return;
    if (gaps.mayBeLost("data", name)) return gaps.postpone(`whether data set '${name}' is declared`);
    const close = suggest(name, names);
    report.error(at, Codes.unknownDataset, `${role} data set '${name}', which is not declared`, {
      label: "no such data",
      expected: names.length
        ? `one of the declared data sets: ${names.map((n) => `\`${n}\``).join(", ")}`
        : "a `data NAME = ...` declaration",
      help: close ? `did you mean '${close}'?` : undefined,
    });
  };
  check(ir.train.data, ir.train.data_at ?? ir.train.at, "training uses the");
  ir.report.accuracy.forEach((name, i) =>
    check(name, ir.report.accuracy_at?.[i] ?? ir.report.at, "the report names the"),
  );
}

/** The registry's activations that read one element each: any of them may be a hidden layer's. */
function elementByElement(): string[] {
  return activationWords()
    .filter((word) => !getOp(word.name).columnwise)
    .map((word) => word.name);
}

function checkOutputLayer(ir: ModelIR, output: OutputLayer, report: Reporter, gaps: Gaps): void {
  const out = output.layer;
  for (const hidden of output.hidden) {
    if (hidden.activation.name !== "softmax") continue;
    report.error(
      hidden.at,
      Codes.softmaxOnHiddenLayer,
      `layer '${hidden.name}' uses softmax, which only the output layer may use`,
      {
        label: "hidden layer",
        expected: `${elementByElement().join(", ")} or a custom activation on a hidden layer`,
        help: `write \`dense ${hidden.name}[${hidden.units}] relu\``,
      },
    );
  }
  if (!output.known) {
    if (ir.layers.length) gaps.postpone("the output layer against the loss");
    return;
  }
  if (!out) return;
  if (out.activation.name === "softmax") {
    // cross_entropy over a softmax output is the categorical loss; labels are class indices 0..K-1.
    if (out.units < 2) {
      report.error(
        out.at,
        Codes.softmaxTooFewUnits,
        `the softmax output layer '${out.name}' has ${out.units} unit; it needs one per class`,
        {
          label: "output layer",
          expected: "at least 2 units, one per class",
          help:
            `for two classes write \`dense ${out.name}[1] sigmoid\`; ` +
            `for K classes \`dense ${out.name}[K] softmax\``,
        },
      );
    }
    if (ir.loss.form === "naive") {
      report.error(
        ir.loss.at,
        Codes.softmaxNaiveLoss,
        "the naive form of cross_entropy is the binary lessons' formula; " +
          "a softmax output takes the categorical loss from the logits",
        {
          label: "binary form",
          help: "write `loss cross_entropy`",
        },
      );
    }
    const earlyStop = ir.regularize?.find((r) => r.kind === "early_stop");
    if (earlyStop) {
      report.error(
        earlyStop.at,
        Codes.softmaxEarlyStop,
        "early stopping measures the binary cost and accuracy, and does not yet handle a softmax output",
        {
          label: "early stopping",
          help: "remove the `early_stop` line, or train for a fixed number of iterations",
        },
      );
    }
    return;
  }
  const problems: string[] = [];
  if (out.units !== 1) problems.push(`it has ${out.units} units`);
  if (out.activation.name !== "sigmoid") problems.push(`its activation is ${out.activation.name}`);
  if (problems.length === 0) return;
  report.error(
    out.at,
    Codes.outputLayerMismatch,
    `the output layer '${out.name}' does not fit the binary cross-entropy loss: ${problems.join(" and ")}`,
    {
      label: "output layer",
      expected:
        "one unit with a sigmoid, giving the probability of label 1; " + "or K ≥ 2 units with softmax for K classes",
      help:
        out.units > 2
          ? `for ${out.units} classes write \`dense ${out.name}[${out.units}] softmax\``
          : `write ` +
            `\`dense ${out.name}[1] sigmoid\`${out.units === 2 ? " (or `dense " + out.name + "[2] softmax`)" : ""}`,
    },
  );
}

/** Generated data whose labels are known now must name classes the output layer has. */
function checkClassCount(ir: ModelIR, output: OutputLayer, report: Reporter, gaps: Gaps): void {
  const out = output.layer;
  // An output layer that fits no loss is reported already (NNC2016, NNC2131).
  const fits =
    out && (out.activation.name === "softmax" ? out.units >= 2 : out.activation.name === "sigmoid" && out.units === 1);
  if (!out || !output.known || !fits) return;
  const classes = out.activation.name === "softmax" ? out.units : 2;
  for (const d of ir.data) {
    // The parts of one split share their source: said once.
    if (d.kind !== "blobs" || d.centers <= classes || gaps.isDoubtful("data", d.name, "content")) continue;
    if (d.split && d.split.parts[0] !== d.name) continue;
    report.error(
      d.at,
      Codes.tooManyClasses,
      `data '${d.name}' has ${d.centers} classes, but the output layer '${out.name}' tells ${classes} apart`,
      {
        label: `labels 0 … ${d.centers - 1}`,
        expected: `at most ${classes} centers, or an output layer with one unit per class`,
        help: `write \`dense ${out.name}[${d.centers}] softmax\``,
      },
    );
  }
}

function checkInputSize(ir: ModelIR, report: Reporter, gaps: Gaps): void {
  if (gaps.isDoubtful("input", ir.input.name, "units")) {
    if (ir.data.length) gaps.postpone("the input's size against the data");
    return;
  }
  for (const d of ir.data) {
    if (gaps.isDoubtful("data", d.name, "content")) {
      gaps.postpone(`the input's size against data '${d.name}'`);
      continue;
    }
    // An HDF5 or MAT file's feature count is known only once it is read (checked then, NNC2017).
    if (d.kind === "hdf5" || d.kind === "mat") continue;
    const features = d.kind === "csv" ? d.features.length : d.kind === "randn" ? d.features : syntheticFeatures[d.kind];
    if (features === ir.input.units) continue;
    report.error(
      ir.input.at,
      Codes.inputSizeMismatch,
      `input '${ir.input.name}' has ${ir.input.units} units, but data '${d.name}' has ${features} features`,
      {
        label: `should be ${features}`,
        help: `write \`input ${ir.input.name}[${features}]\``,
        notes: d.at ? [`'${d.name}' is declared at line ${d.at.line}`] : undefined,
      },
    );
    return;
  }
}

function checkParameterCount(ir: ModelIR, report: Reporter, gaps: Gaps): void {
  // A size in doubt is reported where it is written; the total waits for it (and says nothing new).
  if (gaps.anyDoubtful("dense", "units") || gaps.anyDoubtful("input", "units")) return;
  if (gaps.mayBeLost("dense") || gaps.mayBeLost("input")) return;
  let fanIn = ir.input.units;
  let total = 0;
  for (const layer of ir.layers) {
    total += layer.units * fanIn + layer.units;
    fanIn = layer.units;
  }
  if (total <= Limits.parameters) return;
  report.error(
    ir.layers[0]?.at,
    Codes.tooLarge,
    `the model has ${total.toLocaleString("en-US")} parameters, more than nnc allows`,
    {
      label: "model too large",
      expected:
        `at most ${Limits.parameters.toLocaleString("en-US")} ` +
        `parameters (${(Limits.parameters * 8) / 1e6} MB of weights)`,
    },
  );
}
