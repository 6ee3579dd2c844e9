// The update rules of runtime/optimizers/ as torch.optim.Optimizer subclasses, written with the
// lessons' (and nnc's) operations in nnc's order, one rounding each: torch.optim's own Adam and
// SGD-with-momentum are the same rules in other arithmetic (and SGD's momentum has no 1 − β), so
// their numbers would drift from nnc's.
import type { OptimizerIR } from "../contracts/ir.js";
import { pyFloat } from "./python-text.js";

const HEAD = (name: string, doc: string, settings: string[]) => [
  `class ${name}(torch.optim.Optimizer):`,
  `    """${doc}"""`,
  "",
  `    def __init__(self, params, ${settings.join(", ")}):`,
  `        defaults = dict(${settings.map((s) => `${s}=${s}`).join(", ")})`,
  "        super().__init__(params, defaults)",
  "",
  "    @torch.no_grad()",
  "    def step(self):",
];

// Each rule runs on all parameters at once with torch._foreach_* (one call per operation instead of
// one per parameter: the mini-batch loop's steps are small, so calls are most of their time); the
// elementwise arithmetic, and so every rounding, is the same as a loop over the parameters.
const STATE = (names: string[]) =>
  names.map((n) => `            ${n} = [self.state[p].setdefault("${n}", torch.zeros_like(p)) for p in params]`);

const RULES: Record<OptimizerIR["name"], string[]> = {
  gd: [
    ...HEAD("GradientDescent", "W ← W − learning_rate · dW (runtime/optimizers/gd.ts).", ["learning_rate"]),
    "        for group in self.param_groups:",
    '            params = group["params"]',
    "            grads = [p.grad for p in params]",
    '            torch._foreach_sub_(params, torch._foreach_mul(grads, group["learning_rate"]))',
  ],
  momentum: [
    ...HEAD("Momentum", "v ← β·v + (1 − β)·dW; W ← W − learning_rate · v (runtime/optimizers/momentum.ts).", [
      "learning_rate",
      "beta",
    ]),
    "        for group in self.param_groups:",
    '            params, beta = group["params"], group["beta"]',
    "            grads = [p.grad for p in params]",
    ...STATE(["v"]),
    "            torch._foreach_mul_(v, beta)",
    "            torch._foreach_add_(v, torch._foreach_mul(grads, 1 - beta))",
    '            torch._foreach_sub_(params, torch._foreach_mul(v, group["learning_rate"]))',
  ],
  rmsprop: [
    ...HEAD(
      "RMSprop",
      "s ← β·s + (1 − β)·dW²; W ← W − learning_rate · dW / (√s + ε) (runtime/optimizers/rmsprop.ts).",
      ["learning_rate", "beta", "epsilon"],
    ),
    "        for group in self.param_groups:",
    '            params, beta = group["params"], group["beta"]',
    "            grads = [p.grad for p in params]",
    ...STATE(["s"]),
    "            torch._foreach_mul_(s, beta)",
    "            torch._foreach_add_(s, torch._foreach_mul(torch._foreach_mul(grads, grads), 1 - beta))",
    '            steps = torch._foreach_mul(grads, group["learning_rate"])',
    '            torch._foreach_div_(steps, torch._foreach_add(torch._foreach_sqrt(s), group["epsilon"]))',
    "            torch._foreach_sub_(params, steps)",
  ],
  adam: [
    ...HEAD("Adam", "The optimization lesson's Adam, t counting steps from 1 (runtime/optimizers/adam.ts).", [
      "learning_rate",
      "beta1",
      "beta2",
      "epsilon",
    ]),
    "        for group in self.param_groups:",
    '            params, beta1, beta2 = group["params"], group["beta1"], group["beta2"]',
    "            grads = [p.grad for p in params]",
    ...STATE(["v", "s"]),
    '            group["t"] = t = group.get("t", 0) + 1',
    "            # v = β1·v + (1 − β1)·dW;  s = β2·s + (1 − β2)·dW²",
    "            torch._foreach_mul_(v, beta1)",
    "            torch._foreach_add_(v, torch._foreach_mul(grads, 1 - beta1))",
    "            torch._foreach_mul_(s, beta2)",
    "            torch._foreach_add_(s, torch._foreach_mul(torch._foreach_mul(grads, grads), 1 - beta2))",
    "            # W = W − learning_rate · v_corrected / (√s_corrected + ε), corrected = divided by 1 − β^t",
    "            v_corrected = torch._foreach_div(v, 1 - beta1**t)",
    "            s_corrected = torch._foreach_div(s, 1 - beta2**t)",
    '            steps = torch._foreach_mul(v_corrected, group["learning_rate"])',
    '            torch._foreach_div_(steps, torch._foreach_add(torch._foreach_sqrt(s_corrected), group["epsilon"]))',
    "            torch._foreach_sub_(params, steps)",
  ],
};

/** The optimizer's class, and the expression that makes one for `model.parameters()`. */
export function optimizerSection(optimizer: OptimizerIR): { lines: string[]; create: string } {
  const lines = RULES[optimizer.name];
  const className = lines[0].slice("class ".length, lines[0].indexOf("("));
  const { name: _name, ...settings } = optimizer;
  const args = Object.entries(settings).map(([key, value]) => `${key}=${pyFloat(value as number)}`);
  return { lines, create: `${className}(model.parameters(), ${args.join(", ")})` };
}
