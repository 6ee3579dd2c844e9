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
  `        super().__init__(params, {${settings.map((s) => `"${s}": ${s}`).join(", ")}})`,
  "",
  "    @torch.no_grad()",
  "    def step(self):",
];

const RULES: Record<OptimizerIR["name"], string[]> = {
  gd: [
    ...HEAD("GradientDescent", "W ← W − learning_rate · dW (runtime/optimizers/gd.ts).", ["learning_rate"]),
    "        for group in self.param_groups:",
    '            for p in group["params"]:',
    '                p.copy_(p - group["learning_rate"] * p.grad)',
  ],
  momentum: [
    ...HEAD("Momentum", "v ← β·v + (1 − β)·dW; W ← W − learning_rate · v (runtime/optimizers/momentum.ts).", [
      "learning_rate",
      "beta",
    ]),
    "        for group in self.param_groups:",
    '            beta = group["beta"]',
    '            for p in group["params"]:',
    '                v = self.state[p].setdefault("v", torch.zeros_like(p))',
    "                v.copy_(beta * v + (1 - beta) * p.grad)",
    '                p.copy_(p - group["learning_rate"] * v)',
  ],
  rmsprop: [
    ...HEAD(
      "RMSprop",
      "s ← β·s + (1 − β)·dW²; W ← W − learning_rate · dW / (√s + ε) (runtime/optimizers/rmsprop.ts).",
      ["learning_rate", "beta", "epsilon"],
    ),
    "        for group in self.param_groups:",
    '            beta, epsilon = group["beta"], group["epsilon"]',
    '            for p in group["params"]:',
    '                s = self.state[p].setdefault("s", torch.zeros_like(p))',
    "                g = p.grad",
    "                s.copy_(beta * s + (1 - beta) * (g * g))",
    '                p.copy_(p - group["learning_rate"] * g / (torch.sqrt(s) + epsilon))',
  ],
  adam: [
    ...HEAD("Adam", "The optimization lesson's Adam, t counting steps from 1 (runtime/optimizers/adam.ts).", [
      "learning_rate",
      "beta1",
      "beta2",
      "epsilon",
    ]),
    "        for group in self.param_groups:",
    '            lr, beta1, beta2 = group["learning_rate"], group["beta1"], group["beta2"]',
    '            epsilon = group["epsilon"]',
    '            group["t"] = t = group.get("t", 0) + 1',
    "            correction1, correction2 = 1 - beta1**t, 1 - beta2**t",
    '            for p in group["params"]:',
    "                state = self.state[p]",
    '                v = state.setdefault("v", torch.zeros_like(p))',
    '                s = state.setdefault("s", torch.zeros_like(p))',
    "                g = p.grad",
    "                v.copy_(beta1 * v + (1 - beta1) * g)",
    "                s.copy_(beta2 * s + (1 - beta2) * (g * g))",
    "                v_corrected = v / correction1",
    "                s_corrected = s / correction2",
    "                p.copy_(p - lr * v_corrected / (torch.sqrt(s_corrected) + epsilon))",
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
