// What the commands that read a model do with a scalar model (`param theta = 4`, `loss J = ...`,
// no layers, no data): lint and derive read it, compile writes its compiled form, check checks it
// (cli/check.ts); run, predict, emit, report and compare train or run a network, and say so where
// the file declares its cost.
import type { Diagnostic } from "../contracts/diagnostic.js";
import { Codes } from "../contracts/codes.js";
import type { ScalarModel } from "../runtime/gradcheck-scalar.js";

/** `nnc lint`'s line for a sound scalar model. */
export function scalarLintLine(file: string, scalar: ScalarModel): string {
  const names = scalar.params.map((p) => p.name).join(", ");
  const count = scalar.params.length === 1 ? "1 parameter" : `${scalar.params.length} parameters`;
  return `${file}: ok — scalar model '${scalar.model}', ${count} (${names}), cost ${scalar.cost.name}`;
}

/** `nnc derive` of a scalar model: the cost, then each parameter's derivative (hand-written and symbolic). */
export function scalarDerivationText(scalar: ScalarModel): string {
  const lines = [
    `Gradient of scalar model ${scalar.model}`,
    "",
    `cost: ${scalar.cost.name} = ${scalar.cost.expression}`,
    ...scalar.constants.map((c) => `  with ${c.name} = ${c.value}`),
    ...scalar.params.map((p) => `  at ${p.name} = ${p.value}`),
    "",
  ];
  for (const param of scalar.params) {
    const symbolic = scalar.derived.find((d) => d.name === `d${param.name}`);
    const written = scalar.backward?.find((d) => d.name === `d${param.name}`);
    const derivative = `d${scalar.cost.name}/d${param.name} = ${symbolic?.expression ?? "?"}`;
    lines.push(`${derivative}    (symbolic derivative of the cost)`);
    if (written) {
      const hand = `  backward block: d${param.name} = ${written.expression}`;
      lines.push(`${hand}    (what \`nnc check\` compares with numbers)`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** The error of a command that needs a network, located at the scalar model's cost. */
export function scalarRefusal(file: string, scalar: ScalarModel, command?: string): Diagnostic {
  const what = command ? `\`nnc ${command}\` needs a network` : "this command needs a network";
  return {
    severity: "error",
    code: Codes.scalarModel,
    file,
    span: scalar.cost.at,
    label: "a scalar cost, not a network's loss",
    message: `'${scalar.model}' is a scalar model (params and a cost, no layers or data); ${what}`,
    help: `check its gradient with \`nnc check ${file}\`; \`nnc lint\` and \`nnc derive\` read it too`,
  };
}
