// `nnc fmt`: the canonical layout of .nnspec files (grammar/format/format.ts), printed, written
// back atomically, or checked for CI. The same layout is available to Prettier through
// grammar/format/prettier-plugin.ts.
import type { Diagnostic } from "../contracts/diagnostic.js";
import { formatNnspec } from "../grammar/format/format.js";
import { usageError, type Command } from "./command.js";
import { readTextFile, writeFileAtomic } from "./files.js";
import { printDiagnostics } from "./print.js";

export const fmt: Command = {
  usage: "[--check | --write] <model.nnspec>...",
  description:
    "Without options the formatted text is printed on stdout. Comments and line breaks are kept;\n" +
    "spacing, indentation and column alignment are canonical, and formatting twice changes nothing.\n" +
    "Also usable from Prettier: prettier --plugin ./dist/grammar/format/prettier-plugin.js FILE",
  positionals: [1, Infinity],
  options: {
    check: { type: "boolean", help: "List files that are not formatted; exit 1 if any (for CI)" },
    write: { type: "boolean", short: "w", help: "Rewrite files in place (atomically)" },
  },
  run(files, options, io) {
    const check = Boolean(options.check);
    const write = Boolean(options.write);
    if (check && write) {
      usageError("`--check` and `--write` cannot be used together", "use --check in CI and --write to fix the files");
    }
    const failures: Diagnostic[] = [];
    let unformatted = 0;
    for (const file of files) {
      const text = readTextFile(file);
      const result = formatNnspec(text, file);
      if (result.text === undefined) {
        failures.push(...result.diagnostics);
        printDiagnostics(result.diagnostics, io.stderr, new Map([[file, text]]));
        continue;
      }
      const changed = result.text !== text;
      if (check) {
        if (changed) {
          unformatted++;
          io.out(`${file}: not formatted (run \`nnc fmt --write ${file}\`)`);
        }
      } else if (write) {
        if (changed) {
          writeFileAtomic(file, result.text);
          io.err(`formatted ${file}`);
        }
      } else io.stdout.write(result.text);
    }
    return failures.length || unformatted ? 1 : 0;
  },
};
