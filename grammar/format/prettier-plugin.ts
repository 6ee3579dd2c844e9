// Prettier plugin for .nnspec:
//   prettier --plugin ./node_modules/nnc/dist/grammar/format/prettier-plugin.js model.nnspec
// (or this repository's dist/ path). The layout itself is formatNnspec's; Prettier gets the
// finished text as its document, so `prettier` and `nnc fmt` always agree.
import type { Parser, Plugin, Printer, SupportLanguage } from "prettier";
import { formatNnspec } from "./format.js";

interface NnspecRoot {
  type: "nnspec";
  formatted: string;
  length: number;
}

export const languages: SupportLanguage[] = [
  { name: "nnspec", parsers: ["nnspec"], extensions: [".nnspec"], vscodeLanguageIds: ["nnspec"] },
];

export const parsers: Record<string, Parser<NnspecRoot>> = {
  nnspec: {
    astFormat: "nnspec",
    parse(text, options) {
      const file = (options as { filepath?: string }).filepath;
      const result = formatNnspec(text, file);
      if (result.text === undefined) {
        const first = result.diagnostics.find((d) => d.severity === "error")!;
        const where = first.span ? ` (${first.span.line}:${first.span.column})` : "";
        throw Object.assign(new SyntaxError(`${first.code}: ${first.message}${where}`), {
          loc: first.span ? { start: { line: first.span.line, column: first.span.column } } : undefined,
        });
      }
      return { type: "nnspec", formatted: result.text, length: text.length };
    },
    locStart: () => 0,
    locEnd: (node) => node.length,
  },
};

export const printers: Record<string, Printer<NnspecRoot>> = {
  nnspec: {
    print: (path) => path.node.formatted,
  },
};

const plugin: Plugin<NnspecRoot> = { languages, parsers, printers };
export default plugin;
