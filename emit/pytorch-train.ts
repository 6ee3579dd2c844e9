// The PyTorch script's training: the cost (data term from the logits, penalties), dropout masks,
// early stopping, the loop — full-batch steps, or epochs of mini-batches through a
// DistributedSampler subclass that orders each epoch as nnc does — and the distributed set-up.
// Under torchrun every process holds a share of each batch, its loss is its share's sum divided
// by the whole batch's size, and the gradients are all-reduced as a SUM (a DDP comm hook; DDP's
// own hook averages), so every step equals the single-process one (runtime/train.ts,
// runtime/train-epochs.ts, runtime/regularize.ts).
import type { ModelIR, RegularizerIR } from "../contracts/ir.js";
import type { MaskSpec } from "../runtime/program.js";
import { moduleAttribute, pyFloat, pyString, type SourceLines } from "./python-text.js";

export interface TrainingPlan {
  ir: ModelIR;
  masks: readonly MaskSpec[];
  source: SourceLines;
  /** Mini-batches (`for N epochs, batch B`): the sampler loop; else full-batch steps. */
  miniBatch: boolean;
}

/** `loss_sum(z, y)`: the sum over the examples of the loss from the logits z. */
export function lossSection(ir: ModelIR): string[] {
  const softmax = ir.layers[ir.layers.length - 1].activation.name === "softmax";
  const head = ["def loss_sum(z, y):"];
  if (ir.loss.form === "naive")
    return [
      ...head,
      '    """Σ −y·log a − (1 − y)·log(1 − a), a = σ(z): the lessons\' formula, inf and all (nansum, as nnc)."""',
      "    a = torch.sigmoid(z[:, 0])",
      "    return torch.nansum(-torch.log(a) * y + -torch.log(1 - a) * (1 - y))",
    ];
  if (softmax)
    return [
      ...head,
      '    """Σ −log softmax(z)[label]: the categorical cross-entropy from the logits; labels are class indices."""',
      '    return F.cross_entropy(z, y.long(), reduction="sum")',
    ];
  return [
    ...head,
    '    """Σ max(z, 0) − z·y + log(1 + e^−|z|): the binary cross-entropy from the logit, finite for every z."""',
    '    return F.binary_cross_entropy_with_logits(z[:, 0], y, reduction="sum")',
  ];
}

/** `penalty(model, m)`: the regularize statements' cost terms (L2, L1 on every W), or nothing. */
export function penaltySection(ir: ModelIR, source: SourceLines): string[] {
  const terms = (ir.regularize ?? []).filter(
    (r): r is Extract<RegularizerIR, { kind: "l1" | "l2" }> => r.kind === "l1" || r.kind === "l2",
  );
  if (!terms.length) return [];
  const weights = ir.layers.map((l) => `model.${moduleAttribute(l.name)}.weight`).join(", ");
  const sums = terms.map((r) =>
    r.kind === "l2"
      ? `sum(${pyFloat(r.lambda)} / (2 * m) * torch.sum(w**2) for w in weights)`
      : `sum(${pyFloat(r.lambda)} / m * torch.sum(torch.abs(w)) for w in weights)`,
  );
  return [
    "def penalty(model, m):",
    '    """What the regularize statements add to the cost: λ/(2m)·Σ‖W‖² (L2), λ/m·Σ|W| (L1); biases are free."""',
    ...terms.flatMap((r) => source.comment(r.at, "    ")),
    `    weights = [${weights}]`,
    `    return ${sums.join(" + ")}`,
  ];
}

/** `dropout_masks(m)`: a generator of every pass's masks, or nothing without dropout. */
export function masksSection(ir: ModelIR, masks: readonly MaskSpec[], source: SourceLines): string[] {
  if (!masks.length) return [];
  const dropout = (ir.regularize ?? []).find((r) => r.kind === "dropout");
  const reseed = dropout?.kind === "dropout" ? dropout.reseed : undefined;
  const draws = masks.map((mask) => `rng.rand(${mask.rows}, m) < ${pyFloat(mask.keep)}`);
  const tensors = "[torch.from_numpy(mask.T.astype(np.float64)) for mask in masks]";
  const lines = [
    "def dropout_masks(m, stream):",
    '    """Each training pass\'s masks, one per dropped layer: rand(units, m) < keep, as examples × units."""',
    ...source.comment(dropout?.at, "    "),
  ];
  if (reseed !== undefined)
    return [
      ...lines,
      `    # reseed: ${reseed}: the mask generator is re-seeded before every pass (the lesson's`,
      `    # np.random.seed(${reseed}) in forward_propagation_with_dropout), so every pass has the same masks.`,
      `    rng = np.random.RandomState(${reseed})`,
      `    masks = [${draws.join(", ")}]`,
      `    masks = ${tensors}`,
      "    while True:",
      "        yield masks",
    ];
  return [
    ...lines,
    "    # Fresh masks every pass, drawn from the model's stream where the weights left it (spec/random.md).",
    "    rng = stream",
    "    while True:",
    `        masks = [${draws.join(", ")}]`,
    `        yield ${tensors}`,
  ];
}

/** `class EarlyStopping`, or nothing. */
export function earlyStopSection(ir: ModelIR, source: SourceLines): string[] {
  const stop = (ir.regularize ?? []).find((r) => r.kind === "early_stop");
  if (!stop || stop.kind !== "early_stop") return [];
  const measure =
    stop.metric === "cost"
      ? [
          "        # nnc's crossEntropyOf: the lessons' formula on a = σ(z), NaN terms counted as 0.",
          "        value = float(np.nansum(-np.log(a) * y + -np.log(1 - a) * (1 - y)) / len(y))",
          "        better = math.isnan(self.best) or value < self.best",
        ]
      : [
          "        value = int(((a > 0.5) == (y == 1)).sum()) / len(y)",
          "        better = math.isnan(self.best) or value > self.best",
        ];
  return [
    "class EarlyStopping:",
    `    """Every ${stop.every} iterations the ${stop.metric} on '${stop.data}' is measured; after ${stop.patience}`,
    '    measurements without improvement training stops, and the best parameters are put back."""',
    ...source.comment(stop.at, "    "),
    "",
    "    def __init__(self, model, data):",
    "        self.model, (self.X, self.y) = model, data",
    "        self.best, self.best_iteration, self.waited = math.nan, 0, 0",
    "        self.saved = {k: v.clone() for k, v in model.state_dict().items()}",
    "",
    "    def measures_after(self, i):",
    `        return (i + 1) % ${stop.every} == 0`,
    "",
    "    def after(self, i):",
    '        """Called after step i: True when training should stop."""',
    "        if not self.measures_after(i):",
    "            return False",
    "        with torch.no_grad():",
    "            a = torch.sigmoid(self.model(self.X))[:, 0].cpu().numpy()",
    "        y = self.y.cpu().numpy()",
    ...measure,
    "        if better:",
    "            self.best, self.best_iteration, self.waited = value, i + 1, 0",
    "            self.saved = {k: v.clone() for k, v in self.model.state_dict().items()}",
    "            return False",
    "        self.waited += 1",
    `        return self.waited >= ${stop.patience}`,
    "",
    "    def restore(self, iterations, stopped, stop_cost):",
    "        if not math.isnan(self.best):",
    "            self.model.load_state_dict(self.saved)",
    "        report = {",
    `            "metric": ${pyString(stop.metric)},`,
    `            "data": ${pyString(stop.data)},`,
    '            "iterations": iterations,',
    '            "stopped": stopped,',
    '            "bestIteration": self.best_iteration,',
    '            "best": self.best,',
    "        }",
    "        if stopped:",
    '            report["stopCost"] = stop_cost',
    "        return report",
  ];
}

/** The sampler of the mini-batch loop: nnc's order of each epoch, shared out among the processes. */
export function samplerSection(ir: ModelIR, source: SourceLines): string[] {
  const shuffle = ir.train.shuffle ?? { kind: "stream" as const };
  const order =
    shuffle.kind === "lesson"
      ? [
          `        # shuffle lesson(seed: ${shuffle.seed}): numpy re-seeded with ${shuffle.seed} + epoch + 1`,
          "        # before each epoch's permutation, as the optimization lesson's random_mini_batches.",
          `        self.order = np.random.RandomState(${shuffle.seed} + epoch + 1).permutation(self.examples)`,
        ]
      : shuffle.kind === "stream"
        ? [
            "        # shuffle stream: each epoch's permutation from the model's stream, after the weights.",
            "        self.order = self.stream.permutation(self.examples)",
          ]
        : ["        self.order = np.arange(self.examples)  # shuffle none: the data's order"];
  return [
    "class EpochBatches(DistributedSampler):",
    '    """Each epoch\'s mini-batches in nnc\'s order (runtime/train-epochs.ts): complete batches, then the',
    "    remainder. Every process takes its contiguous share of each batch, so the all-reduced sum of",
    '    their gradients is the whole batch\'s. set_epoch(e) draws epoch e\'s order."""',
    ...source.comment(ir.train.at, "    "),
    "",
    "    def __init__(self, examples, batch, rank, world, stream):",
    "        super().__init__(range(examples), num_replicas=world, rank=rank, shuffle=False)",
    "        self.examples, self.batch = examples, min(batch, examples)",
    "        self.stream = stream",
    "        self.order = np.arange(examples)",
    "",
    "    def set_epoch(self, epoch):",
    "        super().set_epoch(epoch)",
    ...order,
    "",
    "    def __iter__(self):",
    '        """(size of the whole batch, this process\'s examples of it), batch by batch."""',
    "        for start in range(0, self.examples, self.batch):",
    "            batch = self.order[start : start + self.batch]",
    "            yield len(batch), torch.from_numpy(np.array_split(batch, self.num_replicas)[self.rank])",
    "",
    "    def __len__(self):",
    "        return -(-self.examples // self.batch)",
  ];
}

/** The learning rate after epoch (or iteration) i, when a decay is declared. */
function decayLines(ir: ModelIR, indent: string, index: string): string[] {
  const decay = ir.train.decay;
  if (!decay) return [];
  const rate =
    decay.kind === "inverse"
      ? `LEARNING_RATE / (1 + ${pyFloat(decay.rate)} * ${index})`
      : `LEARNING_RATE / (1 + ${pyFloat(decay.rate)} * math.floor(${index} / ${decay.interval}))`;
  return [
    `${indent}rate = ${rate}  # decay ${decay.kind}, after ${index}`,
    `${indent}for group in optimizer.param_groups:`,
    `${indent}    group["learning_rate"] = rate`,
  ];
}

/** `train(...)`: the loop, returning the early-stopping report (or None). */
export function trainSection(plan: TrainingPlan, createOptimizer: string): string[] {
  const { ir, masks } = plan;
  const hasPenalty = (ir.regularize ?? []).some((r) => r.kind === "l1" || r.kind === "l2");
  const stop = (ir.regularize ?? []).some((r) => r.kind === "early_stop");
  const rateArg = ir.train.decay ? ", rate" : "";
  const penalty = (m: string) =>
    hasPenalty
      ? [
          "        if rank == 0:  # added once: the processes' gradients are summed",
          `            cost = cost + penalty(model, ${m})`,
        ]
      : [];
  const head = [
    "def train(model, network, data, iterations, rank, world, log, stream):",
    '    """Trains `model` in place (through `network`, its DDP wrapper under torchrun)."""',
    `    X, y = data[${pyString(ir.train.data)}]`,
    "    m = len(y)",
    `    optimizer = ${createOptimizer}`,
  ];
  if (plan.miniBatch) {
    return [
      ...head,
      `    batches = EpochBatches(m, ${ir.train.batch}, rank, world, stream)`,
      "    for epoch in range(iterations):",
      "        batches.set_epoch(epoch)",
      "        cost_total = 0.0",
      "        for size, mine in batches:",
      "            optimizer.zero_grad()",
      "            cost = loss_sum(network(X[mine]), y[mine]) / size",
      ...penalty("size").map((line) => `    ${line}`),
      "            cost.backward()",
      "            optimizer.step()",
      "            batch_cost = total(cost, world)",
      "            cost_total += batch_cost * size",
      "        # One batch: its mean loss is the cost already; else the per-example losses' sum over m.",
      "        cost = batch_cost if batches.batch == m else cost_total / m",
      ...decayLines(ir, "        ", "epoch"),
      `        log.record(epoch, cost${rateArg})`,
      "    return None",
    ];
  }
  return [
    ...head,
    "    # Each process trains on its share of the examples; the loss is its share's sum over all m.",
    "    mine = torch.from_numpy(np.array_split(np.arange(m), world)[rank])",
    "    x_mine, y_mine = X[mine], y[mine]",
    ...(masks.length ? ["    masks = dropout_masks(m, stream)"] : []),
    ...(stop ? [`    stopper = EarlyStopping(model, data[STOP_ON])`, "    ran, stop_cost = iterations, None"] : []),
    "    for i in range(iterations):",
    "        optimizer.zero_grad()",
    masks.length
      ? "        cost = loss_sum(network(x_mine, [d[mine].to(X.device) for d in next(masks)]), y_mine) / m"
      : "        cost = loss_sum(network(x_mine), y_mine) / m",
    ...penalty("m"),
    "        cost.backward()",
    "        optimizer.step()",
    ...decayLines(ir, "        ", "i"),
    ...(stop
      ? [
          "        measured = stopper.measures_after(i)",
          "        if log.wants(i) or measured:",
          "            cost = total(cost, world)",
          `            log.record(i, cost${rateArg})`,
          "        if measured and stopper.after(i):",
          '            ran, stop_cost = i + 1, {"iteration": i, "cost": cost}',
          "            break",
          "    return stopper.restore(ran, ran < iterations, stop_cost)",
        ]
      : ["        if log.wants(i):", `            log.record(i, total(cost, world)${rateArg})`, "    return None"]),
  ];
}
