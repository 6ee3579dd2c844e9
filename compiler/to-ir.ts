// AST → IR: resolves every built-in word (activations, init schemes, data sources, losses,
// optimizers) against the vocabulary, binds and range-checks their arguments, and records where
// each IR object came from. Whole-model checks (duplicates, references, sizes) follow in
// validate/semantic.ts, which runs on the IR so that IR files loaded from disk get them too.
import type { DenseStmt, ModelFile, Span, Statement } from "../grammar/ast.js";
import { suggest } from "../contracts/diagnostic.js";
import { printExpression } from "../grammar/format/expression.js";
import { checkRange } from "./bind-arguments.js";
import { toDataStatement } from "./to-ir-data.js";
import { Codes, alternatives } from "../contracts/codes.js";
import { checkInitFormula } from "./init-formula.js";
import { toCustomActivation } from "./custom-activation.js";
import { checkRegularizersWithTraining, toTrain } from "./to-ir-train.js";
import { kinds, resolveWord } from "./resolve-word.js";
import type {
  ActivationIR,
  LossIR,
  BackwardIR,
  CheckIR,
  CustomActivationIR,
  DataIR,
  InitIR,
  LayerIR,
  ModelIR,
  RegularizerIR,
  SourceSpan,
  TrainIR,
} from "../contracts/ir.js";
import { IR_VERSION } from "../contracts/ir.js";
import { Reporter } from "./reporter.js";
import { Gaps } from "./gaps.js";
import { withDefaults, type AttributeSpec } from "../runtime/ops/index.js";
import { toRegularizer } from "./regularize-ir.js";
import { Limits, activations, findCallable, initSchemes, metrics, type Callable } from "./vocabulary.js";

const at = (span: Span): SourceSpan => ({ ...span });

function toActivation(
  layer: DenseStmt,
  custom: CustomActivations,
  report: Reporter,
  gaps: Gaps,
): ActivationIR | undefined {
  if (!layer.activation) return { name: "linear" };
  const e = layer.activation;
  if (e.kind === "name" && custom.has(e.name)) return { name: e.name, custom: true };
  // Its formula's error is reported already; saying the layer's activation is unknown adds nothing.
  if (e.kind === "name" && custom.broken.has(e.name)) return undefined;
  // Nor when its definition is a statement the syntax errors cost the model.
  const definedInLostStatement = (name: string) =>
    gaps.lost.some((s) => s.kind === "activation" && (s.name ?? name) === name);
  if (e.kind === "name" && definedInLostStatement(e.name)) return undefined;
  const defined = [...custom.keys()].map((name): Callable => ({ name, params: [], doc: "defined in this model" }));
  const r = resolveWord(e, { ...kinds.activation, table: [...activations(), ...defined] }, report);
  if (!r) return undefined;
  if (custom.has(r.callable.name)) return { name: r.callable.name, custom: true };
  // The registry's attributes, each left out taking its default (leaky_relu's slope 0.01).
  return { name: r.callable.name, ...withDefaults(r.callable.params, r.args) } as ActivationIR;
}

/** The model's checked custom activations by name, and the names whose definition has an error. */
type CustomActivations = Map<string, CustomActivationIR> & { broken: Set<string> };

/** The model's `activation` statements, checked, by name (a second one of a name is reported). */
function toCustomActivations(statements: readonly Statement[], report: Reporter): CustomActivations {
  const custom = Object.assign(new Map<string, CustomActivationIR>(), { broken: new Set<string>() });
  const firstAt = new Map<string, Span>();
  for (const s of statements) {
    if (s.kind !== "activation") continue;
    const first = firstAt.get(s.name.name);
    if (first) {
      report.error(s.name.span, Codes.duplicateName, `activation '${s.name.name}' is defined twice`, {
        label: "second definition",
        notes: [`the first is at line ${first.line}`],
        help: "remove one, or rename it",
      });
      continue;
    }
    firstAt.set(s.name.name, s.name.span);
    const ir = toCustomActivation(s, report);
    if (ir) custom.set(ir.name, ir);
    else custom.broken.add(s.name.name);
  }
  return custom;
}

/** An init is a scheme name, a scheme call, or else a formula handed to mathjs. */
function toInit(layer: DenseStmt, report: Reporter, e = layer.init): InitIR | undefined {
  if (!e) return { scheme: "he" };
  const callee = e.kind === "call" ? e.callee.name : e.kind === "name" ? e.name : undefined;
  const isScheme = callee !== undefined && findCallable(initSchemes, callee) !== undefined;
  const looksNamed = e.kind === "name" || (e.kind === "call" && e.args.some((a) => a.name));
  if (isScheme || looksNamed) {
    const r = resolveWord(e, kinds.init, report);
    if (!r) return undefined;
    const scheme = r.callable.name;
    if (scheme === "random") return { scheme, scale: r.args.scale as number };
    if (scheme === "randn") return { scheme: "random", scale: 1 };
    if (scheme === "uniform") {
      const low = r.args.low as number;
      const high = r.args.high as number;
      if (!(low < high)) {
        report.error(e.span, Codes.outOfRange, `uniform init needs low < high, but low is ${low} and high is ${high}`, {
          label: "empty range",
          help: `swap them: uniform(low: ${high}, high: ${low})`,
        });
        return undefined;
      }
      return { scheme, low, high };
    }
    return { scheme: scheme as "zeros" | "he" | "lecun" | "xavier" | "deep" };
  }
  return checkInitFormula(e, report) ? { scheme: "formula", expression: printExpression(e) } : undefined;
}

/** A layer's (or the input's) size: a whole number from 1 up to what nnc allocates. */
const unitsOf = (doc: string): AttributeSpec => ({
  name: "units",
  type: "integer",
  required: true,
  min: 1,
  limit: Limits.units,
  doc,
});

/** Statements that may appear at most once, with an example for the "missing" message. */
const singletons = {
  seed: "seed 3",
  check: "check gradient(epsilon: 1e-7, threshold: 2e-7)",
  backward: "backward { dZ3 = A3 - Y }",
  input: "input x[2]",
  loss: "loss cross_entropy",
  train: "train gd(learning_rate: 0.01) for 15000 iterations, report cost every 1000",
  report: "report accuracy on train, test",
} as const;

export interface ToIRResult {
  /** The IR, when the model has no error. */
  ir?: ModelIR;
  /**
   * Otherwise the model as far as it could be read, for the whole-model checks: the parts with an
   * error hold stand-ins, each named in `gaps`, so that no check reads them as the writer's.
   */
  draft?: ModelIR;
  diagnostics: Reporter["diagnostics"];
}

export function toIR(
  file: ModelFile,
  fileName: string | undefined,
  report = new Reporter(fileName),
  gaps = new Gaps(),
): ToIRResult {
  const model = file.model;
  const firstOf = new Map<string, Statement>();
  for (const s of model.statements) {
    const first = firstOf.get(s.kind);
    if (first && s.kind in singletons) {
      report.error(s.span, Codes.repeatedStatement, `a model has one \`${s.kind}\` statement, and this is a second`, {
        label: "second one",
        notes: [`the first is at line ${first.span.line}`],
        help: "remove one of them",
      });
    } else if (!first) firstOf.set(s.kind, s);
  }
  for (const [kind, example] of Object.entries(singletons)) {
    if (kind === "seed" || kind === "report" || kind === "check" || kind === "backward") continue;
    if (!firstOf.has(kind) && !gaps.mayBeLost(kind)) {
      report.error(model.name.span, Codes.missingStatement, `model '${model.name.name}' has no \`${kind}\` statement`, {
        label: `needs \`${kind}\``,
        expected: `a line such as \`${example}\` inside the model`,
      });
    }
  }
  if (!firstOf.has("dense") && !gaps.mayBeLost("dense")) {
    report.error(model.name.span, Codes.missingStatement, `model '${model.name.name}' has no layers`, {
      label: "needs at least one `dense` layer",
      expected: "layers such as `dense h1[10] relu init he` and `dense out[1] sigmoid init he`",
    });
  }
  if (!firstOf.has("data") && !gaps.mayBeLost("data")) {
    report.error(model.name.span, Codes.missingStatement, `model '${model.name.name}' declares no data`, {
      label: "needs data",
      expected: "a line such as `data train = circles(samples: 300, noise: 0.05, seed: 1)`",
    });
  }

  const data: DataIR[] = [];
  const layers: LayerIR[] = [];
  let seed: number | undefined;
  let input: ModelIR["input"] | undefined;
  let train: TrainIR | undefined;
  let accuracy: string[] = [];
  let accuracyAt: SourceSpan[] = [];
  let reportAt: SourceSpan | undefined;
  let lossOk = false;
  let lossName: string | undefined;
  let lossForm: LossIR["form"];
  let check: CheckIR | undefined;
  let backward: BackwardIR | undefined;
  let lossAt: SourceSpan | undefined;
  const regularize: RegularizerIR[] = [];
  const trainStatement = firstOf.get("train");
  const reportEvery = trainStatement?.kind === "train" ? (trainStatement.reportEvery?.value ?? 0) : 0;

  const custom = toCustomActivations(model.statements, report);
  for (const s of model.statements) {
    if (s.kind in singletons && firstOf.get(s.kind) !== s) continue;
    switch (s.kind) {
      case "seed":
        if (
          checkRange(
            s.value.value,
            {
              name: "seed",
              type: "integer",
              required: true,
              min: 0,
              max: 2 ** 32 - 1,
              doc: "numpy's seeds lie in [0, 2^32)",
            },
            s.value.span,
            report,
            "",
          )
        )
          seed = s.value.value;
        break;
      case "data":
        data.push(...toDataStatement(s, report, gaps));
        break;
      case "input": {
        const unitsSpec = unitsOf("number of input features");
        const unitsOk = checkRange(s.units.value, unitsSpec, s.units.span, report, `input '${s.name.name}'`);
        if (!unitsOk) gaps.doubt("input", s.name.name, "units");
        input = { name: s.name.name, units: unitsOk ? s.units.value : 1, at: at(s.span) };
        break;
      }
      case "dense": {
        const unitsSpec = unitsOf("number of units of the layer");
        const unitsOk = checkRange(s.units.value, unitsSpec, s.units.span, report, `layer '${s.name.name}'`);
        const errors = report.errorCount;
        const activation = toActivation(s, custom, report, gaps);
        const activationOk = activation !== undefined && report.errorCount === errors;
        const init = toInit(s, report);
        const bias = s.bias ? toInit(s, report, s.bias) : undefined;
        // A layer with an error keeps its place and name; what is wrong in it is a stand-in.
        if (!unitsOk) gaps.doubt("dense", s.name.name, "units");
        if (!activationOk) gaps.doubt("dense", s.name.name, "activation");
        layers.push({
          name: s.name.name,
          kind: "dense",
          units: unitsOk ? s.units.value : 1,
          activation: activationOk ? activation : { name: "linear" },
          init: init ?? { scheme: "he" },
          ...(bias ? { bias } : {}),
          at: at(s.span),
        });
        break;
      }
      case "check": {
        const r = resolveWord(s.check, kinds.check, report);
        if (r)
          check = {
            epsilon: (r.args.epsilon as number | undefined) ?? 1e-7,
            threshold: (r.args.threshold as number | undefined) ?? 2e-7,
            at: at(s.span),
          };
        break;
      }
      case "backward":
        backward = {
          equations: s.equations.map((e) => ({
            name: e.name.name,
            expression: printExpression(e.value),
            at: at(e.span),
          })),
          at: at(s.span),
        };
        break;
      case "param":
      case "let":
        report.error(
          s.span,
          Codes.scalarStatementInNetwork,
          `\`${s.kind}\` declares a scalar ` +
            `model's ${s.kind === "param" ? "parameter" : "constant"}, but this model has layers`,
          {
            label: "not part of a network",
            expected:
              "a scalar model (only `param`, `let`, `loss J = ...`, `backward` and " +
              "`check`), or a network (`input`, `dense`, `loss cross_entropy`, `train`)",
          },
        );
        break;
      case "loss":
        if (s.name) {
          report.error(
            s.span,
            Codes.scalarStatementInNetwork,
            "a cost written as a formula belongs to a scalar model, and this model has layers",
            {
              label: "not a network's loss",
              expected: "`loss cross_entropy` in a network",
            },
          );
          break;
        }
        {
          const r = resolveWord(s.loss, kinds.loss, report);
          lossOk = r !== undefined;
          lossName = r?.callable.name;
          const form = r?.args.form;
          const formSpec = r?.callable.params.find((p) => p.name === "form");
          const forms = formSpec?.values ?? [];
          if (r && form !== undefined && !forms.includes(form as string)) {
            const named = forms.map((f) => JSON.stringify(f));
            const message = `${r.callable.name} has the forms ${named.join(" and ")}, not ${JSON.stringify(form)}`;
            report.error(s.loss.span, Codes.outOfRange, message, {
              label: "unknown form",
              expected: `\`form:\` ${formSpec!.doc}`,
            });
            lossOk = false;
          } else lossForm = form as LossIR["form"];
        }
        lossAt = at(s.span);
        break;
      case "train":
        train = toTrain(s, report);
        if (s.data === undefined) train.data = data.find((d) => d.name === "train")?.name ?? data[0]?.name ?? "";
        break;
      case "regularize": {
        const r = toRegularizer(s, reportEvery, report);
        if (r) regularize.push(r);
        break;
      }
      case "report":
        if (!(metrics as readonly string[]).includes(s.metric.name)) {
          const close = suggest(s.metric.name, metrics);
          report.error(s.metric.span, Codes.unknownMetric, `nnc cannot report '${s.metric.name}'`, {
            label: "unknown metric",
            expected: alternatives(metrics),
            help: close ? `did you mean '${close}'?` : undefined,
          });
        } else {
          accuracy = s.datasets.map((d) => d.name);
          accuracyAt = s.datasets.map((d) => at(d.span));
          reportAt = at(s.span);
        }
        break;
    }
  }
  if (train) checkRegularizersWithTraining(train, regularize, report);
  if (!lossOk) gaps.doubt("loss", "", "content");
  const draft: ModelIR = {
    nnc_ir: IR_VERSION,
    model: model.name.name,
    ...(fileName ? { source: fileName } : {}),
    ...(seed !== undefined ? { seed } : {}),
    data,
    // Stand-ins for statements that are missing (reported) or were lost to syntax errors.
    input: input ?? { name: "", units: 1 },
    ...(custom.size ? { activations: [...custom.values()] } : {}),
    layers,
    loss: {
      name: (lossName ?? "cross_entropy") as LossIR["name"],
      ...(lossForm ? { form: lossForm } : {}),
      at: lossAt,
    },
    train: train ?? { optimizer: { name: "gd", learning_rate: Number.NaN }, data: "", iterations: 1, report_every: 0 },
    report: { accuracy, ...(reportAt ? { at: reportAt, accuracy_at: accuracyAt } : {}) },
    ...(regularize.length ? { regularize } : {}),
    ...(backward ? { backward } : {}),
    ...(check ? { check } : {}),
  };
  if (!input) gaps.doubt("input", "", "units");
  if (report.hasErrors || !input || !train || !lossOk) return { draft, diagnostics: report.diagnostics };
  return { ir: draft, diagnostics: report.diagnostics };
}
