// Resolving a built-in word (an activation, init scheme, data source, loss, optimizer or check)
// against the vocabulary: unknown words are reported with a did-you-mean, arguments bound and
// range-checked. Shared by the model's statements (to-ir.ts) and the training statement (to-ir-train.ts).
import type { Expression } from "../grammar/ast.js";
import { suggest } from "../contracts/diagnostic.js";
import { bindArguments, type BoundValue } from "./bind-arguments.js";
import { Codes, alternatives } from "../contracts/codes.js";
import type { Reporter } from "./reporter.js";
import {
  activations,
  callableNames,
  dataSources,
  findCallable,
  initSchemes,
  losses,
  checks,
  optimizers,
  type Callable,
} from "./vocabulary.js";

export interface Resolved {
  callable: Callable;
  args: Record<string, BoundValue>;
}

/** What a word means in messages: "activation", "init scheme", ... */
export interface WordKind {
  table: readonly Callable[];
  what: string;
  code: string;
  /** Extra text for the `expected:` line. */
  tail?: string;
}

export const kinds = {
  activation: {
    // Read at each use: the registry may have grown since this module loaded (runtime/ops registerOp).
    get table() {
      return activations();
    },
    what: "activation",
    code: Codes.unknownActivation,
    tail: "or one you define with `activation name(z) = ...`",
  },
  init: {
    table: initSchemes,
    what: "init scheme",
    code: Codes.unknownInit,
    tail: "or a formula in fan_in and fan_out such as `normal(0, sqrt(2 / fan_in))`",
  },
  data: { table: dataSources, what: "data source", code: Codes.unknownDataSource },
  loss: { table: losses, what: "loss", code: Codes.unknownLoss },
  optimizer: { table: optimizers, what: "optimizer", code: Codes.unknownOptimizer },
  check: { table: checks, what: "check", code: Codes.unknownCheck },
} satisfies Record<string, WordKind>;

/** Resolves `name` or `name(args)` against a table; reports unknown words with a suggestion. */
export function resolveWord(expression: Expression, kind: WordKind, report: Reporter): Resolved | undefined {
  const callee = expression.kind === "call" ? expression.callee : expression.kind === "name" ? expression : undefined;
  const names = callableNames(kind.table);
  const expected = `${alternatives(names)}${kind.tail ? `, ${kind.tail}` : ""}`;
  if (!callee) {
    report.error(
      expression.span,
      kind.code,
      `expected ${article(kind.what)} ${kind.what} here, found \`${expression.text}\``,
      {
        label: `not ${article(kind.what)} ${kind.what}`,
        expected,
      },
    );
    return undefined;
  }
  const name = callee.kind === "identifier" ? callee.name : callee.name;
  const callable = findCallable(kind.table, name);
  if (!callable) {
    const close = suggest(name, names);
    report.error(callee.span, kind.code, `unknown ${kind.what} '${name}'`, {
      label: `not ${article(kind.what)} ${kind.what}`,
      expected,
      help: close ? `did you mean '${close}'?` : undefined,
    });
    return undefined;
  }
  const args = expression.kind === "call" ? expression.args : [];
  const bound = bindArguments(callable, args, expression.span, report, `\`${callable.name}\``);
  return bound ? { callable, args: bound } : undefined;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? "an" : "a";
}
