import { readFileSync } from "node:fs";
import { generateCstDts } from "chevrotain";
import { describe, expect, it } from "vitest";
import type { DenseStmt, Expression, LossStmt, ModelFile, Span, Statement, TrainStmt } from "./ast.js";
import { parse } from "./index.js";
import { parser } from "./parser.js";

const example = `model init_he {
  seed 3                                   # numpy's np.random.seed(3) for the model's stream
  data train = circles(samples: 300, noise: 0.05, seed: 1)
  data test  = circles(samples: 100, noise: 0.05, seed: 2)
  data foot  = csv(file: "data/football.csv", features: [x1, x2], label: y, where: split == "train")
  input  x[2]
  dense  h1[10] relu    init he
  dense  h2[5]  leaky_relu(slope: 0.01) init random(scale: 10)
  dense  h3[5]  tanh    init normal(0, sqrt(2 / fan_in))
  dense  out[1] sigmoid init uniform(low: -0.5, high: 0.5)
  loss cross_entropy
  train gd(learning_rate: 0.01) on train for 15000 iterations, report cost every 1000
  report accuracy on train, test
}
`;

function parseOk(text: string): ModelFile {
  const { ast, diagnostics } = parse(text, "test.nnspec");
  expect(diagnostics).toEqual([]);
  expect(ast).toBeDefined();
  return ast!;
}

function statementsOf(text: string): Statement[] {
  return parseOk(text).model.statements;
}

/** The expression of `loss <text>`, for precedence tests. */
function expressionOf(text: string): Expression {
  const [loss] = statementsOf(`model m { loss ${text} }`) as LossStmt[];
  return loss.loss;
}

/** A compact picture of an expression tree: `(+ 1 (* 2 3))`. */
function shape(e: Expression): string {
  switch (e.kind) {
    case "number":
      return String(e.value);
    case "string":
      return JSON.stringify(e.value);
    case "name":
      return e.name;
    case "unary":
      return `(${e.operator} ${shape(e.operand)})`;
    case "binary":
      return `(${e.operator} ${shape(e.left)} ${shape(e.right)})`;
    case "call":
      return `${e.callee.name}(${e.args.map((a) => (a.name ? `${a.name.name}: ` : "") + shape(a.value)).join(", ")})`;
    case "list":
      return `[${e.items.map(shape).join(", ")}]`;
  }
}

const span = (line: number, column: number, endLine: number, endColumn: number): Span => ({
  line,
  column,
  endLine,
  endColumn,
});

describe("the lesson's example", () => {
  const model = parseOk(example).model;
  const statements = model.statements;

  it("has the model's name and every statement, in order", () => {
    expect(model.name).toEqual({ kind: "identifier", name: "init_he", span: span(1, 7, 1, 13) });
    expect(statements.map((s) => s.kind)).toEqual([
      "seed",
      "data",
      "data",
      "data",
      "input",
      "dense",
      "dense",
      "dense",
      "dense",
      "loss",
      "train",
      "report",
    ]);
    expect(model.span).toEqual(span(1, 1, 14, 1));
  });

  it("reads seed, data and input", () => {
    const [seed, train, , foot, input] = statements;
    expect(seed).toMatchObject({ kind: "seed", value: { value: 3, text: "3", span: span(2, 8, 2, 8) } });
    expect(train).toMatchObject({ kind: "data", name: { name: "train", span: span(3, 8, 3, 12) } });
    if (train.kind !== "data" || foot.kind !== "data") throw new Error("expected data statements");
    expect(train.source.text).toBe("circles(samples: 300, noise: 0.05, seed: 1)");
    expect(train.source.span).toEqual(span(3, 16, 3, 58));
    expect(shape(train.source)).toBe("circles(samples: 300, noise: 0.05, seed: 1)");
    expect(shape(foot.source)).toBe(
      'csv(file: "data/football.csv", features: [x1, x2], label: y, where: (== split "train"))',
    );
    expect(foot.source.args[3].value.text).toBe('split == "train"');
    expect(input).toMatchObject({ kind: "input", name: { name: "x" }, units: { value: 2 }, span: span(6, 3, 6, 13) });
  });

  it("reads dense layers with activations and inits that are names or calls", () => {
    const [h1, h2, h3, out] = statements.slice(5, 9) as DenseStmt[];
    expect(h1.units.value).toBe(10);
    expect(h1.activation).toMatchObject({ kind: "name", name: "relu", span: span(7, 17, 7, 20) });
    expect(h1.init).toMatchObject({ kind: "name", name: "he", text: "he" });
    expect(h2.activation && shape(h2.activation)).toBe("leaky_relu(slope: 0.01)");
    expect(h2.init?.text).toBe("random(scale: 10)");
    expect(h3.init?.text).toBe("normal(0, sqrt(2 / fan_in))");
    expect(h3.init?.span).toEqual(span(9, 30, 9, 56));
    expect(h3.init && shape(h3.init)).toBe("normal(0, sqrt((/ 2 fan_in)))");
    expect(out.name.name).toBe("out");
    expect(out.init && shape(out.init)).toBe("uniform(low: (- 0.5), high: 0.5)");
    expect(out.init?.kind === "call" && out.init.args[0].value.text).toBe("-0.5");
  });

  it("reads loss, train and report", () => {
    const [loss, train, report] = statements.slice(9);
    expect(loss).toMatchObject({ kind: "loss", loss: { kind: "name", name: "cross_entropy" } });
    expect(train).toMatchObject({
      kind: "train",
      optimizer: { kind: "call", text: "gd(learning_rate: 0.01)" },
      data: { name: "train", span: span(12, 36, 12, 40) },
      iterations: { value: 15000 },
      unit: { name: "iterations" },
      reportEvery: { value: 1000, span: span(12, 82, 12, 85) },
      span: span(12, 3, 12, 85),
    });
    expect(report).toMatchObject({ kind: "report", metric: { name: "accuracy" } });
    expect(report.kind === "report" && report.datasets.map((d) => d.name)).toEqual(["train", "test"]);
  });

  it("gives the same spans with Windows line endings", () => {
    expect(parseOk(example.replace(/\n/g, "\r\n")).model.statements).toEqual(statements);
  });
});

describe("expressions", () => {
  it.each([
    ["1 + 2 * 3", "(+ 1 (* 2 3))"],
    ["1 * 2 + 3", "(+ (* 1 2) 3)"],
    ["a - b - c", "(- (- a b) c)"],
    ["a / b / c", "(/ (/ a b) c)"],
    ["(1 + 2) * 3", "(* (+ 1 2) 3)"],
    ["2 ^ 3 ^ 2", "(^ 2 (^ 3 2))"],
    ["-2 ^ 2", "(- (^ 2 2))"],
    ["2 ^ -1", "(^ 2 (- 1))"],
    ["--x", "(- (- x))"],
    ["+x * 2", "(* (+ x) 2)"],
    ["a + 1 == b * 2", "(== (+ a 1) (* b 2))"],
    ["x <= 1", "(<= x 1)"],
    ["f(a, g(b: [1, 2]))", "f(a, g(b: [1, 2]))"],
    ["[]", "[]"],
    ["f()", "f()"],
  ])("%s is %s", (text, expected) => {
    expect(shape(expressionOf(text))).toBe(expected);
  });

  it("keeps each node's exact source text, spacing and parentheses included", () => {
    const e = expressionOf("( 1+2 )*  3");
    expect(e.text).toBe("( 1+2 )*  3");
    expect(e.kind === "binary" && e.left.text).toBe("1+2");
  });

  it.each([
    ["1e-7", 1e-7],
    ["2.5E+3", 2500],
    ["2.5e3", 2500],
    [".5", 0.5],
    ["0.05", 0.05],
    ["15000", 15000],
  ])("reads the number %s", (text, value) => {
    expect(expressionOf(text)).toMatchObject({ kind: "number", value, text });
  });

  it("reads a signed seed, size or count, leaving the range check to the compiler", () => {
    const [seed, dense, train] = statementsOf("model m { seed -1 dense h[- 5] train gd() for -3 iterations }");
    expect(seed).toMatchObject({
      kind: "seed",
      value: { kind: "number", value: -1, text: "-1", span: span(1, 16, 1, 17) },
    });
    expect(dense).toMatchObject({ kind: "dense", units: { value: -5, text: "- 5" } });
    expect(train).toMatchObject({ kind: "train", iterations: { value: -3 } });
  });

  it("decodes string escapes", () => {
    expect(expressionOf(String.raw`"a\"b\\c\n\u00e9"`)).toMatchObject({ kind: "string", value: 'a"b\\c\né' });
  });

  it("reports an unknown escape at its exact column", () => {
    const { diagnostics } = parse('model m { loss f(file: "C:\\data") }');
    expect(diagnostics).toMatchObject([{ code: "NNC1006", span: span(1, 27, 1, 28) }]);
  });
});

describe("names", () => {
  it("lets keywords' spellings be names where a name is expected", () => {
    const statements = statementsOf(`model train {
      data train = circles(samples: 3, seed: 1, on: 2)
      data report = circles(samples: 3)
      train gd(learning_rate: 0.1) on train for 10 iterations
      report cost on train, report
    }`);
    expect(statements.map((s) => s.kind)).toEqual(["data", "data", "train", "report"]);
    expect(statements[0]).toMatchObject({ name: { name: "train" } });
    expect((statements[2] as TrainStmt).data?.name).toBe("train");
    expect(statements[3]).toMatchObject({
      metric: { name: "cost" },
      datasets: [{ name: "train" }, { name: "report" }],
    });
  });

  it("reads words that start with a keyword as identifiers", () => {
    const [dense] = statementsOf("model m { dense training[3] reporter init init_scale }") as DenseStmt[];
    expect(dense.name.name).toBe("training");
    expect(dense.activation).toMatchObject({ kind: "name", name: "reporter" });
    expect(dense.init).toMatchObject({ kind: "name", name: "init_scale" });
  });

  it("tells `report cost every` inside train from a `report cost on` statement after it", () => {
    const statements = statementsOf("model m { train gd() for 10 iterations report cost on train }");
    expect(statements.map((s) => s.kind)).toEqual(["train", "report"]);
    expect((statements[0] as TrainStmt).reportEvery).toBeUndefined();
  });

  it("reads `report cost every N and last`, and leaves `and` a name elsewhere", () => {
    const [withLast] = statementsOf(
      "model m { train gd() for 10 iterations, report cost every 5 and last }",
    ) as TrainStmt[];
    expect(withLast).toMatchObject({ reportEvery: { value: 5 }, reportLast: true });
    const [plain] = statementsOf("model m { train gd() for 10 iterations, report cost every 5 }") as TrainStmt[];
    expect(plain.reportLast).toBeUndefined();
    const [dense] = statementsOf("model m { dense and[3] relu init last }") as DenseStmt[];
    expect(dense.name.name).toBe("and");
  });

  it("reports a word other than `last` after `and` (NNC1300), suggesting `last`", () => {
    const { diagnostics } = parse("model m { train gd() for 10 iterations, report cost every 5 and lats }");
    expect(diagnostics).toMatchObject([{ code: "NNC1300", help: "did you mean 'last'?" }]);
  });
});

describe("comments and layout", () => {
  it("allows comments everywhere and statements on one line or across several", () => {
    const statements = statementsOf(`# a model
model # the name follows
  m { # opening
  dense h1[10] # units
    relu # activation
    init normal( # mean
      0, # then the spread
      0.01) # done
  loss cross_entropy}# no newline at the end`);
    expect(statements.map((s) => s.kind)).toEqual(["dense", "loss"]);
    expect((statements[0] as DenseStmt).init?.text).toBe("normal( # mean\n      0, # then the spread\n      0.01)");
  });
});

describe("errors", () => {
  it("reports every error of a file, one per broken statement, and keeps the rest", () => {
    const { ast, diagnostics } = parse(`model m {
  seed three
  dense h1[10 relu
  dnese h2[5] relu
  dense h3[5] tanh init normal(0, )
  data d = circles(samples = 3)
  input x[2]
}`);
    expect(diagnostics.map((d) => [d.code, d.span?.line])).toEqual([
      ["NNC1109", 2],
      ["NNC1103", 3],
      ["NNC1101", 4],
      ["NNC1115", 5],
      ["NNC1107", 6],
    ]);
    expect(ast?.model.statements.map((s) => s.kind)).toEqual(["data", "input"]);
  });

  it("never fails, whatever the input: a model or diagnostics, never an internal error", () => {
    let state = 12345;
    const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 300; i++) {
      const a = Math.floor(random() * example.length);
      const b = Math.floor(random() * example.length);
      const cut = example.slice(0, Math.min(a, b)) + example.slice(Math.max(a, b));
      const noise = String.fromCharCode(...Array.from({ length: 5 }, () => Math.floor(random() * 200)));
      for (const text of [cut, example.slice(0, a), cut.slice(0, b) + noise + cut.slice(b)]) {
        const { ast, diagnostics } = parse(text);
        // Not even the internal-error safety net: every outcome is a real diagnosis or a model.
        expect(diagnostics.filter((d) => d.code === "NNC1900")).toEqual([]);
        if (diagnostics.length === 0) expect(ast).toBeDefined();
      }
    }
  });
});

describe("generated files", () => {
  it("grammar/cst.d.ts matches the grammar (regenerate with scripts/gen-cst-dts.mjs)", () => {
    const committed = readFileSync(new URL("./cst.d.ts", import.meta.url), "utf8");
    expect(committed.slice(committed.indexOf("\n") + 1)).toBe(generateCstDts(parser.getGAstProductions()));
  });
});
