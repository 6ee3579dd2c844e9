// The registries in runtime/ops/ and runtime/optimizers/ are the one list of activations, losses,
// regularizers and optimizers with their attributes. What cannot be built from them is held to
// them here: the IR schema (spec/ir.schema.json), the IR's types (contracts/ir.ts, which may not
// import the runtime), `nnc explain`'s lists and the spec's tables. A new op, a renamed argument
// or a changed range fails here until each of those says the same.
import { readFileSync } from "node:fs";
import ts from "typescript";
import { describe, expect, test } from "vitest";
import schema from "../spec/ir.schema.json" with { type: "json" };
import { Codes } from "../contracts/codes.js";
import { explanations } from "../contracts/explanations.js";
import { activationDefinition, attributeSchema } from "../compiler/validate/schema.js";
import {
  activationWords,
  getOp,
  lossRegistry,
  ops,
  regularizerRegistry,
  type AttributeSpec,
  type WordSpec,
} from "../runtime/ops/index.js";
import { optimizerList } from "../runtime/optimizers/index.js";

const optimizerWords: WordSpec[] = optimizerList.map((o) => ({ name: o.name, params: o.params, doc: o.summary }));
const names = (words: readonly WordSpec[]) => words.map((w) => w.name).sort();
const paramNames = (word: WordSpec) => word.params.map((p) => p.name).sort();
const word = (words: readonly WordSpec[], name: string) => words.find((w) => w.name === name)!;
const valuesOf = (words: readonly WordSpec[], name: string, param: string) =>
  word(words, name).params.find((p) => p.name === param)!.values!;

describe("spec/ir.schema.json says what the registries say", () => {
  test("the activation definition is the one the validator builds from the op registry", () => {
    expect(schema.definitions.activation).toEqual(activationDefinition());
  });

  test("losses and their forms", () => {
    const loss = schema.properties.loss.properties;
    expect([...loss.name.enum].sort()).toEqual(names(lossRegistry));
    expect(loss.form.enum).toEqual(valuesOf(lossRegistry, "cross_entropy", "form"));
  });

  test("optimizers, and every setting's range", () => {
    const optimizer = schema.properties.train.properties.optimizer;
    expect([...optimizer.properties.name.enum].sort()).toEqual(names(optimizerWords));
    const settings = new Map<string, AttributeSpec>();
    for (const o of optimizerWords) {
      for (const p of o.params) {
        const before = settings.get(p.name);
        if (before)
          expect(attributeSchema(p), `${o.name}.${p.name} as the other optimizers'`).toEqual(attributeSchema(before));
        settings.set(p.name, p);
      }
    }
    const { name: _name, ...properties } = optimizer.properties;
    expect(Object.keys(properties).sort()).toEqual([...settings.keys()].sort());
    for (const [setting, spec] of settings)
      expect(properties[setting as keyof typeof properties], setting).toEqual(attributeSchema(spec));
    // Required in every IR: the settings every optimizer takes without a default.
    const everywhere = [...settings.keys()].filter((s) =>
      optimizerWords.every((o) => o.params.some((p) => p.name === s && p.required)),
    );
    expect(optimizer.required).toEqual(["name", ...everywhere]);
  });

  test("regularizers, and every argument's range where the IR keeps it", () => {
    const regularizer = schema.definitions.regularizer;
    expect([...regularizer.properties.kind.enum].sort()).toEqual(names(regularizerRegistry));
    type Branch = (typeof regularizer.allOf)[number];
    const kindsOf = (branch: Branch) => {
      const kind = branch.if.properties.kind as { enum?: string[]; const?: string };
      return kind.enum ?? [kind.const!];
    };
    for (const r of regularizerRegistry) {
      const branch = regularizer.allOf.find((b) => kindsOf(b).includes(r.name));
      expect(branch, `a branch of the schema for ${r.name}`).toBeDefined();
      const properties = branch!.then.properties as Record<string, { items?: { properties: Record<string, unknown> } }>;
      const perLayer = properties.layers?.items?.properties ?? {};
      for (const p of r.params) {
        const found = properties[p.name] ?? perLayer[p.name];
        // `on` names layers or a data set: the IR keeps them as `layers[].name` and `data`.
        if (p.name === "on") {
          expect(r.name === "dropout" ? perLayer.name : properties.data, `${r.name}.on`).toBeDefined();
          continue;
        }
        expect(found, `${r.name}.${p.name} in the IR`).toBeDefined();
        expect(found, `${r.name}.${p.name}'s range`).toEqual(
          attributeSchema({ ...p, type: p.type === "numbers" ? "number" : p.type }),
        );
      }
    }
    const penalties = regularizerRegistry.filter((r) => r.op && getOp(r.op).kind === "penalty").map((r) => r.name);
    expect(
      regularizer.allOf
        .filter((b) => "lambda" in b.then.properties)
        .flatMap(kindsOf)
        .sort(),
    ).toEqual(penalties.sort());
  });
});

// ---- contracts/ir.ts, read as TypeScript -------------------------------------------------------

const irSource = ts.createSourceFile("ir.ts", readFileSync("contracts/ir.ts", "utf8"), ts.ScriptTarget.Latest);

/** A union's members as { field: its string literals, or [] for another type } maps. */
function members(typeName: string): Map<string, string[]>[] {
  const declaration = irSource.statements.find(
    (s): s is ts.TypeAliasDeclaration | ts.InterfaceDeclaration =>
      (ts.isTypeAliasDeclaration(s) || ts.isInterfaceDeclaration(s)) && s.name.text === typeName,
  );
  if (!declaration) throw new Error(`contracts/ir.ts has no type ${typeName}`);
  const fields = (elements: readonly ts.TypeElement[]) =>
    new Map(
      elements
        .filter(ts.isPropertySignature)
        .map((p) => [(p.name as ts.Identifier).text, p.type ? literals(p.type) : []]),
    );
  if (ts.isInterfaceDeclaration(declaration)) return [fields(declaration.members)];
  const expand = (node: ts.TypeNode): Map<string, string[]>[] => {
    if (ts.isUnionTypeNode(node)) return node.types.flatMap(expand);
    if (ts.isTypeLiteralNode(node)) return [fields(node.members)];
    if (ts.isTypeReferenceNode(node)) return members((node.typeName as ts.Identifier).text);
    throw new Error(`unexpected ${ts.SyntaxKind[node.kind]} in ${typeName}`);
  };
  return expand(declaration.type);
}

function literals(node: ts.TypeNode): string[] {
  if (ts.isUnionTypeNode(node)) return node.types.flatMap(literals);
  if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) return [node.literal.text];
  return [];
}

/** `name(field, field)` per named member: what a word looks like in the IR. */
function shapes(union: Map<string, string[]>[], key: string, skip: string[] = []): string[] {
  return union
    .flatMap((m) => {
      const others = [...m.keys()].filter((f) => f !== key && !skip.includes(f)).sort();
      return (m.get(key) ?? []).map((name) => `${name}(${others.join(", ")})`);
    })
    .sort();
}

const inIR = (words: readonly WordSpec[]) => words.map((w) => `${w.name}(${paramNames(w).join(", ")})`).sort();

describe("contracts/ir.ts says what the registries say", () => {
  test("ActivationIR: each activation with its attributes (a custom one is referred to by name)", () => {
    const builtIn = members("ActivationIR").filter((m) => !m.has("custom"));
    expect(shapes(builtIn, "name")).toEqual(inIR(activationWords()));
  });

  test("LossIR: each loss and its forms", () => {
    const [loss] = members("LossIR");
    expect(loss.get("name")!.sort()).toEqual(names(lossRegistry));
    expect(loss.get("form")).toEqual(valuesOf(lossRegistry, "cross_entropy", "form"));
  });

  test("OptimizerIR: each optimizer with its settings", () => {
    expect(shapes(members("OptimizerIR"), "name")).toEqual(inIR(optimizerWords));
  });

  test("RegularizerIR: each regularizer; the penalties' attributes; early stopping's metrics", () => {
    const union = members("RegularizerIR");
    expect(union.flatMap((m) => m.get("kind") ?? []).sort()).toEqual(names(regularizerRegistry));
    const penalties = regularizerRegistry.filter((r) => r.op && getOp(r.op).kind === "penalty");
    expect(
      shapes(
        union.filter((m) => m.has("lambda")),
        "kind",
        ["at"],
      ),
    ).toEqual(inIR(penalties));
    const stop = union.find((m) => m.get("kind")?.includes("early_stop"))!;
    expect(stop.get("metric")).toEqual(valuesOf(regularizerRegistry, "early_stop", "metric"));
  });
});

// ---- what nnc explains, and the spec's tables -------------------------------------------------

describe("`nnc explain` lists the registries' words", () => {
  test.each([
    [Codes.unknownActivation, () => activationWords()],
    [Codes.unknownLoss, () => lossRegistry],
    [Codes.unknownOptimizer, () => optimizerWords],
    [Codes.unknownRegularizer, () => regularizerRegistry],
  ] as const)("%s", (code, words) => {
    const listed = /\(([^)]*) are built in\)/.exec(explanations[code])?.[1];
    if (listed === undefined) return expect(explanations[code]).not.toMatch(/built in/);
    expect(listed.split(/, | and /).sort()).toEqual(names(words()));
  });
});

const language = readFileSync("spec/language.md", "utf8");

/** The text under the heading that starts with `heading`, up to the next heading. */
function section(markdown: string, heading: string, through = "#"): string {
  const start = markdown.indexOf(`\n${heading}`);
  if (start < 0) throw new Error(`no section '${heading}'`);
  const end = markdown.indexOf(`\n${through}`, start + heading.length + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/** Table rows (cells) of a section. */
function rows(text: string): string[][] {
  return text
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| ---"))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
}

/** `[0, 1)`, `(0, 1]`: an attribute's range as the tables write it. */
function interval(p: AttributeSpec): string {
  return `${p.minExclusive ? "(" : "["}${p.min}, ${p.max}${p.maxExclusive ? ")" : "]"}`;
}

describe("spec/language.md's tables list the registries' words with their arguments", () => {
  test("§7 Activations: one row per activation; each argument with its range and default", () => {
    const table = rows(section(language, "## 7. Activations")).filter((r) => r[0].startsWith("`"));
    expect(table.map((r) => r[0].replace(/`/g, "")).sort()).toEqual(names(activationWords()));
    for (const w of activationWords()) {
      const arguments_ = table.find((r) => r[0] === `\`${w.name}\``)!.at(-1)!;
      if (w.params.length === 0) expect(arguments_, w.name).toBe("—");
      for (const p of w.params) {
        expect(arguments_, `${w.name}.${p.name}`).toContain(`\`${p.name}\``);
        if (p.min !== undefined && p.max !== undefined)
          expect(arguments_, `${w.name}.${p.name}`).toContain(interval(p));
        if (p.default !== undefined) expect(arguments_, `${w.name}.${p.name}`).toContain(`default ${p.default}`);
      }
    }
  });

  const losses = section(language, "## 10. Losses");
  test("§10: the loss row names each loss and each form that is not the default", () => {
    const accepted = rows(losses).find((r) => r[0] === "`loss`")![1];
    for (const loss of lossRegistry) {
      expect(accepted).toContain(`\`${loss.name}\``);
      const form = loss.params.find((p) => p.name === "form")!;
      for (const value of form.values!.filter((v) => v !== form.default))
        expect(accepted).toContain(`form: "${value}"`);
    }
  });

  test("§10: one row per optimizer, with its settings and their defaults", () => {
    const written = rows(losses)
      .map((r) => /^`(\w+)\(([^)]*)\)`/.exec(r[1]))
      .filter((match) => match && optimizerWords.some((o) => o.name === match[1]));
    expect(written.map((match) => match![1]).sort()).toEqual(names(optimizerWords));
    for (const match of written) {
      const o = word(optimizerWords, match![1]);
      const settings = match![2].split(", ").map((s) => s.split(":")[0]);
      expect(settings.sort(), o.name).toEqual(paramNames(o));
      const row = match!.input;
      for (const p of o.params.filter((q) => q.default !== undefined))
        expect(row, `${o.name}.${p.name}`).toContain(String(p.default));
    }
  });

  test("Regularizers: one row per regularizer, with its arguments", () => {
    const table = rows(section(language, "## Regularizers")).filter((r) => r[0].startsWith("`"));
    const written = table.map((r) => /^`(\w+)\(([^)]*)\)`$/.exec(r[0])!);
    expect(written.map((m) => m[1]).sort()).toEqual(names(regularizerRegistry));
    for (const [, name, args] of written) {
      const r = word(regularizerRegistry, name);
      expect(
        args
          .split(", ")
          .map((a) => a.split(":")[0])
          .sort(),
        name,
      ).toEqual(paramNames(r));
      const described = table.find((row) => row[0].startsWith(`\`${name}(`))![1];
      // Fractions are written as intervals; seeds and counts in words.
      const fractions = r.params.filter(
        (q) => q.type.startsWith("number") && q.min !== undefined && q.max !== undefined,
      );
      for (const p of fractions) expect(described, `${name}.${p.name}`).toContain(interval(p));
    }
  });
});

test("spec/semantics.md §4 describes registered ops only (runtime/ops/ops.test.ts checks the converse)", () => {
  const ops4 = section(readFileSync("spec/semantics.md", "utf8"), "## 4. Ops", "## ");
  const headings = [...ops4.matchAll(/\n### (\w+)/g)];
  const described = headings.map((h) => h[1]).filter((name) => name !== "custom");
  expect(described.filter((name) => !ops.has(name))).toEqual([]);
});
