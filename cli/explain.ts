// `nnc explain [CODE]`: what a diagnostic code means, with an example of the mistake and its fix.
// Without a code it lists every code. `NNC2001`, `nnc2001` and `2001` are the same code; an
// unknown one gets a did-you-mean. It loads nothing but the catalogue (contracts/).
import { suggest } from "../contracts/diagnostic.js";
import { Codes } from "../contracts/codes.js";
import { allCodes, explanationOf, type Explanation } from "../contracts/explanations.js";
import { usageError, type IO } from "./command.js";

const example = Codes.unknownActivation;

export const explainHelp = [
  "Usage: nnc explain [CODE]",
  "",
  "Explain a diagnostic code: what it means, an example of the mistake and its fix.",
  "",
  `CODE is written as nnc prints it (${example}), in lower case, or as its number (${example.slice(3)}).`,
  "Without CODE, every code is listed with one line about it.",
  "",
  "Options:",
  `${"  -h, --help".padEnd(30)}Show this help`,
].join("\n");

/** Where each example goes, in the words of the printout. */
const where: Record<Explanation["form"], string> = {
  model: "in a model",
  file: "a whole .nnspec file",
  ir: "an IR file",
  command: "on the command line",
  code: "in JavaScript with nnc's library",
};

/** The code a user typed, in the catalogue's spelling: `nnc2001` and `2001` are NNC2001. */
export function normalizeCode(typed: string): string {
  const text = typed.trim().toUpperCase();
  return /^\d{4}$/.test(text) ? `NNC${text}` : text;
}

export function explain(args: string[], io: IO): number {
  if (args.some((a) => a === "-h" || a === "--help")) {
    io.out(explainHelp);
    return 0;
  }
  const unknownOption = args.find((a) => a.startsWith("-"));
  if (unknownOption) usageError(`unknown option '${unknownOption}' for \`nnc explain\``, "run `nnc explain --help`");
  if (args.length > 1) {
    usageError(`\`nnc explain\` takes one code, but was given ${args.length}`, `like \`nnc explain ${example}\``);
  }
  if (args.length === 0) {
    io.out(listing());
    return 0;
  }
  const code = normalizeCode(args[0]);
  const explanation = explanationOf(code);
  if (!explanation) {
    const close = suggest(code, allCodes);
    usageError(
      `no diagnostic code '${args[0]}'`,
      close ? `did you mean '${close}'?` : `codes look like ${example}; \`nnc explain\` lists them all`,
    );
  }
  io.out(describe(code, explanation));
  return 0;
}

function describe(code: string, e: Explanation): string {
  const block = (text: string) =>
    text
      .trimEnd()
      .split("\n")
      .map((line) => `    ${line}`.trimEnd());
  return [
    `${code}: ${e.summary}`,
    "",
    `For example, ${where[e.form]}:`,
    ...block(e.mistake),
    "",
    "The fix:",
    ...block(e.fix),
  ].join("\n");
}

function listing(): string {
  const ranges: [string, (code: string) => boolean][] = [
    ["Syntax (NNC1xxx)", (c) => c.startsWith("NNC1")],
    ["Names, ranges, shapes (NNC2xxx)", (c) => c.startsWith("NNC2")],
    ["Data, checks, pictures, runs, files (NNC3xxx)", (c) => c.startsWith("NNC3")],
  ];
  return ranges
    .flatMap(([title, holds]) => [
      title,
      ...allCodes.filter(holds).map((code) => `  ${code}  ${explanationOf(code)!.summary}`),
      "",
    ])
    .concat(`\`nnc explain ${example}\` shows one with an example and its fix.`)
    .join("\n");
}
