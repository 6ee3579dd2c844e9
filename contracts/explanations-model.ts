// The compiler's codes for names, arguments, sizes, IR files and backward blocks (NNC2001–NNC2037,
// NNC2099) explained, each with an example and its fix. Form and testing: explanation-format.ts.
import type { Code } from "./codes.js";
import { exampleModel, type Explanation } from "./explanation-format.js";

/** The example model's backward pass written by hand, with some equations replaced. */
export function backwardBlock(replaced: Record<string, string> = {}, extra: string[] = []): string {
  const equations: [string, string][] = [
    ["dZ3", "A3 - Y"],
    ["dW3", "1/m * dZ3 * A2'"],
    ["db3", "1/m * sum(dZ3, 2)"],
    ["dA2", "W3' * dZ3"],
    ["dZ2", "dA2 .* (A2 > 0)"],
    ["dW2", "1/m * dZ2 * A1'"],
    ["db2", "1/m * sum(dZ2, 2)"],
    ["dA1", "W2' * dZ2"],
    ["dZ1", "dA1 .* (A1 > 0)"],
    ["dW1", "1/m * dZ1 * X'"],
    ["db1", "1/m * sum(dZ1, 2)"],
  ];
  const lines = equations.flatMap(([name, value]) =>
    replaced[name] === "" ? [] : [`  ${name} = ${replaced[name] ?? value}`],
  );
  return ["backward {", ...lines, ...extra.map((line) => `  ${line}`), "}"].join("\n");
}

const circles = (name: string, samples: number, seed: number) =>
  `data ${name} = circles(samples: ${samples}, noise: 0.05, seed: ${seed})`;
const withoutLine = (line: string) => exampleModel.replace(`  ${line}\n`, "");
const scalarModel = (cost: string) =>
  `model scalar {\n  let x = 2\n  param theta = 4\n  loss J = ${cost}\n  check gradient(epsilon: 1e-7)\n}\n`;

export const modelExplanations = {
  NNC2001: {
    summary: "An activation name that nnc does not know.",
    form: "model",
    mistake: "dense h1[10] rleu init he",
    fix: "dense h1[10] relu init he",
  },
  NNC2002: {
    summary: "An init scheme that nnc does not know.",
    form: "model",
    mistake: "dense h2[5] relu init hee",
    fix: "dense h2[5] relu init he",
  },
  NNC2003: {
    summary: "A data source that nnc does not know (circles, moons, blobs, randn, csv, hdf5 and mat are built in).",
    form: "model",
    mistake: "data test = circels(samples: 100, noise: 0.05, seed: 2)",
    fix: "data test = circles(samples: 100, noise: 0.05, seed: 2)",
  },
  NNC2004: {
    summary: "A loss that nnc does not know.",
    form: "model",
    mistake: "loss crossentropy",
    fix: "loss cross_entropy",
  },
  NNC2005: {
    summary: "An optimizer that nnc does not know (gd, momentum, rmsprop and adam are built in).",
    form: "model",
    mistake: "train sgd(learning_rate: 0.01) on train for 1000 iterations",
    fix: "train gd(learning_rate: 0.01) on train for 1000 iterations",
  },
  NNC2006: {
    summary: "An argument name that the called scheme, source or optimizer does not take.",
    form: "model",
    mistake: "train gd(learning_rat: 0.01) on train for 1000 iterations",
    fix: "train gd(learning_rate: 0.01) on train for 1000 iterations",
  },
  NNC2007: {
    summary: "A required argument is missing.",
    form: "model",
    mistake: "data test = circles(samples: 100, seed: 2)",
    fix: "data test = circles(samples: 100, noise: 0.05, seed: 2)",
  },
  NNC2008: {
    summary: "An argument has the wrong kind of value (a number where a name was expected, ...).",
    form: "model",
    mistake: "regularize dropout(keep: 0.8, on: 2)",
    fix: "regularize dropout(keep: 0.8, on: [h1, h2])",
  },
  NNC2009: {
    summary: "Two declarations share a name.",
    form: "model",
    mistake: `${circles("train", 300, 1)}\n${circles("train", 100, 2)}`,
    fix: `${circles("train", 300, 1)}\n${circles("test", 100, 2)}`,
  },
  NNC2010: {
    summary: "A data set is used but never declared.",
    form: "model",
    mistake: "report accuracy on train, tset",
    fix: "report accuracy on train, test",
  },
  NNC2011: {
    summary: "A statement every model needs is missing.",
    form: "file",
    mistake: withoutLine("loss cross_entropy"),
    fix: exampleModel,
  },
  NNC2012: {
    summary: "A statement that may appear once appears twice.",
    form: "file",
    mistake: exampleModel.replace("  seed 3\n", "  seed 3\n  seed 4\n"),
    fix: exampleModel,
  },
  NNC2013: {
    summary: "A value is outside the range it must lie in.",
    form: "model",
    mistake: "data train = circles(samples: 300, noise: -0.05, seed: 1)",
    fix: "data train = circles(samples: 300, noise: 0.05, seed: 1)",
  },
  NNC2014: {
    summary: "A whole number was expected.",
    form: "model",
    mistake: "dense h1[10.5] relu init he",
    fix: "dense h1[10] relu init he",
  },
  NNC2015: {
    summary: "A size is larger than nnc allows (checked before anything is allocated).",
    form: "model",
    mistake: "dense h1[1000000000] relu init he",
    fix: "dense h1[1000] relu init he",
  },
  NNC2016: {
    summary: "The output layer does not fit the loss.",
    form: "model",
    mistake: "dense out[2] relu init he",
    fix: "dense out[1] sigmoid init he",
  },
  NNC2017: {
    summary: "The input size does not match the number of features of the data.",
    form: "model",
    mistake: "input x[3]",
    fix: "input x[2]",
  },
  NNC2018: {
    summary: "The training length is counted in a unit nnc does not know.",
    form: "model",
    mistake: "train gd(learning_rate: 0.01) on train for 1000 steps",
    fix: "train gd(learning_rate: 0.01) on train for 1000 iterations",
  },
  NNC2019: {
    summary: "A formula uses a name that is not available inside formulas.",
    form: "model",
    mistake: "dense h2[5] relu init normal(0, sqrt(2 / fanin))",
    fix: "dense h2[5] relu init normal(0, sqrt(2 / fan_in))",
  },
  NNC2020: {
    summary: "A value that must be a constant number is not one.",
    form: "model",
    mistake: 'data train = circles(samples: 300, noise: "low", seed: 1)',
    fix: "data train = circles(samples: 300, noise: 0.05, seed: 1)",
  },
  NNC2021: {
    summary: "A metric that nnc cannot report.",
    form: "model",
    mistake: "report precision on train, test",
    fix: "report accuracy on train, test",
  },
  NNC2022: {
    summary: "The same argument is given twice.",
    form: "model",
    mistake: "data test = circles(samples: 100, noise: 0.05, noise: 0.1, seed: 2)",
    fix: "data test = circles(samples: 100, noise: 0.1, seed: 2)",
  },
  NNC2023: {
    summary: "More positional arguments than the call takes.",
    form: "model",
    mistake: "dense out[1] sigmoid init random(10, 2)",
    fix: "dense out[1] sigmoid init random(10)",
  },
  NNC2024: {
    summary: "An IR file does not match spec/ir.schema.json (JSON nested over 64 levels deep never does).",
    form: "ir",
    mistake: '{ "nnc_ir": 1, "model": "example" }',
    fix: "nnc compile example.nnspec -o example.ir.json",
  },
  NNC2025: {
    summary: "An IR file of a version this nnc does not read.",
    form: "ir",
    mistake: '{ "nnc_ir": 99, "model": "example" }',
    fix: "nnc compile example.nnspec -o example.ir.json",
  },
  NNC2026: {
    summary: "An IR file that is not valid JSON.",
    form: "ir",
    mistake: '{ "nnc_ir": 1, "model": "example", }',
    fix: "nnc compile example.nnspec -o example.ir.json",
  },
  NNC2030: {
    summary: "A check that nnc does not know (`gradient` is the one there is).",
    form: "model",
    mistake: "check gradients(epsilon: 1e-7)",
    fix: "check gradient(epsilon: 1e-7)",
  },
  NNC2031: {
    summary: "A scalar model's statement (`param`, `let`, `loss J = ...`) in a model with layers.",
    form: "model",
    mistake: "param theta = 4",
    fix: "# a scalar model's `param theta = 4` goes in a file of its own",
  },
  NNC2032: {
    summary:
      "A `backward` equation uses a name that is neither a value of the network nor a gradient computed above it.",
    form: "model",
    mistake: backwardBlock({ dW1: "1/m * dZ1 * x'" }),
    fix: backwardBlock(),
  },
  NNC2033: {
    summary: "A `backward` equation combines matrices whose shapes do not fit, or gives a gradient the wrong shape.",
    form: "model",
    mistake: backwardBlock({ db1: "1/m * sum(dZ1, 1)" }),
    fix: backwardBlock(),
  },
  NNC2034: {
    summary: "The `backward` block does not compute the gradient of every parameter.",
    form: "model",
    mistake: backwardBlock({ db3: "" }),
    fix: backwardBlock(),
  },
  NNC2035: {
    summary: "A `backward` block computes the same gradient twice.",
    form: "model",
    mistake: backwardBlock({}, ["dW3 = 1/m * dZ3 * A2'"]),
    fix: backwardBlock(),
  },
  NNC2036: {
    summary: "A `backward` equation calls a function that is not available there.",
    form: "model",
    mistake: backwardBlock({ db2: "1/m * summ(dZ2, 2)" }),
    fix: backwardBlock(),
  },
  NNC2037: {
    summary: "A scalar model is incomplete or uses a name it does not declare.",
    form: "file",
    mistake: scalarModel("theta * y"),
    fix: scalarModel("theta * x"),
  },
  NNC2099: {
    summary: "A note after errors: some checks wait until those errors are fixed, so more may follow.",
    form: "model",
    mistake: "dense h1[10 relu init he",
    fix: "dense h1[10] relu init he",
  },
} satisfies Partial<Record<Code, Explanation>>;
