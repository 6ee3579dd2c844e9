// Prints diagnostics to stderr with the source lines they point at, colored only on a terminal.
import { readFileSync } from "node:fs";
import type { Diagnostic } from "../contracts/diagnostic.js";
import { renderDiagnostics } from "../contracts/render-diagnostic.js";

export function printDiagnostics(
  diagnostics: Diagnostic[],
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  sources = new Map<string, string>(),
): void {
  if (diagnostics.length === 0) return;
  const color = Boolean(stream.isTTY) && !process.env.NO_COLOR;
  const lookup = (file: string): string | undefined => {
    if (!sources.has(file)) {
      try {
        sources.set(file, readFileSync(file, "utf8"));
      } catch {
        return undefined;
      }
    }
    return sources.get(file);
  };
  stream.write(renderDiagnostics(diagnostics, lookup, { color }));
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  if (errors > 1) stream.write(`${errors} errors\n`);
}
