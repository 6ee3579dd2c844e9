// nnc as a library: the same stages the `nnc` command runs, importable one by one.
//
//   import { parse, compile, train } from "nnc";
//   const { ir, diagnostics } = compile(source, "model.nnspec");
//   if (ir) console.log((await train(ir)).accuracy);
// A model that reads data files is given them as a ModelFiles (contracts/files.ts): memoryFiles or
// fetchFiles in a page; on Node, node/files.ts's nodeFiles(folder) reads the disk.
export { parse } from "./grammar/index.js";
export type * from "./grammar/ast.js";
export { DiagnosticError, suggest, type Diagnostic } from "./contracts/diagnostic.js";
export { FileAccessError, fetchFiles, memoryFiles, noFiles, type ModelFiles } from "./contracts/files.js";
export { nodeFiles } from "./node/files.js";
export { compileAny as compile, compileSource, loadIR, type FrontEndResult } from "./compiler/front-end.js";
export type * from "./contracts/ir.js";
export { renderDiagnostic, renderDiagnostics } from "./contracts/render-diagnostic.js";
export { compileProgram } from "./compiler/compile-program.js";
export { renderBackwardText, renderForwardText } from "./compiler/render-text.js";
export { deriveModel, buildDerivation, type Derivation, type SourceLink } from "./compiler/derivation.js";
export {
  deriveNumbers,
  scalarNumbers,
  type DerivationNumbers,
  type NumbersOptions,
  type ScalarNumbers,
} from "./drivers/derive-numbers.js";
export { renderDerivationText, renderDerivationLatex, renderDerivationMarkdown } from "./compiler/render-derivation.js";
export { emitModule } from "./compiler/emit-module.js";
export { trainModel as train, loadModelData, type RunOptions, type RunResult } from "./drivers/train-model.js";
export { RandomState } from "./runtime/rng/index.js";
export { drawDropoutMasks, type EarlyStopReport } from "./runtime/regularize.js";
export type { Dataset } from "./runtime/data/dataset.js";
export { ops } from "./runtime/ops/index.js";
export { checkModel, type ModelCheck } from "./drivers/check-model.js";
export {
  checkGradients,
  type CheckReport,
  type TensorReport,
  type GradientProblem,
  type Verdict,
} from "./runtime/gradcheck.js";
export { localise, type Localisation } from "./runtime/gradcheck-localise.js";
export { programProblem } from "./runtime/gradcheck-program.js";
export { scalarProblem, type ScalarModel } from "./runtime/gradcheck-scalar.js";
export { buildReport, reportSections, renderPage, type ReportInput } from "./report/html.js";
export {
  derivationSection,
  gradientCheckSection,
  type DerivationStep,
  type GradientCheckData,
  type GradientCheckRow,
  type ReportSection,
} from "./report/sections.js";
export { decisionBoundary, type DecisionBoundary } from "./report/boundary.js";
export { boundarySpec, costCurveSpec, renderSvg, type CostSeries } from "./report/plots.js";
export { parseRun, savedRun, serializeRun, type SavedRun } from "./report/run-file.js";
