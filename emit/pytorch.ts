// `nnc emit --target pytorch`: the model as a readable, standalone PyTorch script that trains to
// nnc's numbers (spec/emit.md). float64 throughout; every draw nnc takes from numpy's RandomState
// (data, weights, dropout masks, shuffles) is taken the same way, in the same order; the costs,
// accuracies and early-stopping line are printed as `nnc run` prints them (`--json` as
// `nnc run --json`). Under `torchrun --nproc_per_node N` the same script trains with
// DistributedDataParallel to the same costs. Comments name the lines of the spec they come from.
import type { ModelIR } from "../contracts/ir.js";
import type { Program } from "../runtime/program.js";
import { dataSection } from "./pytorch-data.js";
import { MAIN, supportSections } from "./pytorch-sections.js";
import { customActivations, drawParameters, initFormulas, networkClass, parameterTargets } from "./pytorch-model.js";
import { optimizerSection } from "./pytorch-optimizers.js";
import {
  earlyStopSection,
  lossSection,
  masksSection,
  penaltySection,
  samplerSection,
  trainSection,
} from "./pytorch-train.js";
import { pyFloat, pyString, SourceLines } from "./python-text.js";

export interface PytorchOptions {
  /** The spec's name as the comments cite it (`init-he.nnspec`). */
  sourceName: string;
  /** The spec's text, so the comments can quote its lines. */
  sourceText?: string;
  /** The spec's folder (its data paths are relative to it), relative to the script's, or absolute. */
  dataDir: string;
  /** With `--data-out`: the folder of the .npy files, relative to the script's or absolute. */
  npyDir?: string;
}

/** Why a model has no PyTorch script, or undefined when it has one. */
export function pytorchRefusal(ir: ModelIR): string | undefined {
  if (ir.backward)
    return "its backward block is hand-written gradient equations; the script's gradients come from autograd";
  return undefined;
}

/** A folder as a Python Path expression: relative ones are taken from the script's own folder. */
function folder(path: string): string {
  return path.startsWith("/") ? `Path(${pyString(path)})` : `Path(__file__).resolve().parent / ${pyString(path)}`;
}

function blocks(...parts: (string[] | undefined)[]): string[] {
  const kept = parts.filter((p): p is string[] => p !== undefined && p.length > 0);
  return kept.flatMap((block, index) => (index === 0 ? block : ["", "", ...block]));
}

export function emitPytorch(ir: ModelIR, program: Program, options: PytorchOptions): string {
  const refusal = pytorchRefusal(ir);
  if (refusal) throw new Error(`model '${ir.model}' has no PyTorch form: ${refusal}`);
  const source = new SourceLines(options.sourceName, options.sourceText);
  const masks = program.forward.masks ?? [];
  const miniBatch = ir.train.unit === "epochs" && ir.train.batch !== undefined;
  const data = dataSection(ir.data, source, options.npyDir !== undefined);
  const optimizer = optimizerSection(ir.train.optimizer);
  const files = ir.data.some((d) => d.kind === "csv" || d.kind === "hdf5" || d.kind === "mat");
  const stop = (ir.regularize ?? []).find((r) => r.kind === "early_stop");
  const unit = ir.train.unit === "epochs" ? "epoch" : "iteration";
  const name = ir.model;
  const header = [
    "#!/usr/bin/env python3",
    `"""${name}: ${options.sourceName} as a PyTorch script (\`nnc emit --target pytorch\`).`,
    "",
    `It trains to the costs \`nnc run ${options.sourceName}\` prints: float64 throughout, and every random`,
    "draw (data, weights, dropout masks, shuffles) taken from numpy's RandomState in nnc's order.",
    "",
    `    python3 ${name}.py [--iterations N] [--json] [--save params.json]`,
    `    torchrun --nproc_per_node 2 ${name}.py   # DistributedDataParallel, the same costs`,
    '"""',
  ];
  const thirdParty = [
    "import numpy as np",
    ...data.imports,
    "import torch",
    "import torch.distributed as dist",
    "import torch.nn.functional as F",
    "from torch import nn",
    "from torch.nn.parallel import DistributedDataParallel",
    ...(miniBatch ? ["from torch.utils.data import DistributedSampler"] : []),
  ];
  // isort's order: the plain imports, then the from-imports, each by module name.
  const sorted = (from: boolean) => thirdParty.filter((line) => line.startsWith("from ") === from).sort(byModule);
  const imports = [
    "import argparse",
    "import json",
    "import math",
    "import os",
    "import sys",
    "import time",
    "from pathlib import Path",
    "",
    ...sorted(false),
    ...sorted(true),
  ];
  const targets = parameterTargets(ir, program.params);
  const parameterMap =
    targets.join(", ").length < 70
      ? [`PARAMETERS = {${targets.join(", ")}}`]
      : ["PARAMETERS = {", ...targets.map((t) => `    ${t},`), "}"];
  const constants = [
    `MODEL = ${pyString(name)}`,
    `SEED = ${ir.seed ?? 0}  # the model's seed (np.random.seed)`,
    `ITERATIONS = ${ir.train.iterations}`,
    `UNIT = ${pyString(unit)}`,
    `LEARNING_RATE = ${pyFloat(ir.train.optimizer.learning_rate)}`,
    `REPORT_EVERY = ${ir.train.report_every}`,
    `REPORT_LAST = ${ir.train.report_last ? "True" : "False"}`,
    `ACCURACY_ON = [${ir.report.accuracy.map(pyString).join(", ")}]`,
    ...(stop?.kind === "early_stop" ? [`STOP_ON = ${pyString(stop.data)}`] : []),
    ...(files ? [`DATA_DIR = ${folder(options.dataDir)}  # the spec's folder: its data paths start here`] : []),
    ...(options.npyDir !== undefined ? [`NPY_DIR = ${folder(options.npyDir)}  # written by nnc emit --data-out`] : []),
    "# Which module parameter each of nnc's W1, b1, ... is (nnc's b is a column, nn.Linear's a vector).",
    ...parameterMap,
    "",
    "torch.set_default_dtype(torch.float64)",
  ];
  const sections = blocks(
    [...header, "", ...imports],
    constants,
    ...data.helpers,
    data.loader,
    ...customActivations(ir, source),
    networkClass(ir, masks, source),
    ...initFormulas(program.params),
    drawParameters(ir, program.params, source),
    lossSection(ir),
    penaltySection(ir, source),
    masksSection(ir, masks, source),
    earlyStopSection(ir, source),
    optimizer.lines,
    miniBatch ? samplerSection(ir, source) : undefined,
    ...supportSections(ir),
    trainSection({ ir, masks, source, miniBatch }, optimizer.create),
    MAIN,
  );
  return `${sections.join("\n")}\n`;
}

function byModule(a: string, b: string): number {
  const key = (line: string) => line.replace(/^(import|from) /, "");
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}
