// `nnc watch FILE`: lint on every save and print only what changed, new diagnostics in full and
// fixed ones as one line each; with --run, train after each save that lints clean. It watches the
// file's folder, not the file, because editors save by writing a new file and renaming it over the
// old one (the old file's watch would see one rename and then nothing); saves are debounced, and
// a save that leaves the text as it was prints nothing. It keeps running on errors, ends on Ctrl-C.
import { watch as watchFolder, readFileSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { DiagnosticError, type Diagnostic } from "../contracts/diagnostic.js";
import { compileAny } from "../compiler/front-end.js";
import type { Command, IO } from "./command.js";
import { readTextFile } from "./files.js";
import { printDiagnostics } from "./print.js";

export interface WatchOptions {
  run?: boolean;
  /** Quiet time after the last change before linting (ms). */
  debounceMs?: number;
  /** Ends the watch (Ctrl-C in the CLI, the test's own signal otherwise). */
  signal: AbortSignal;
}

/** A diagnostic's identity across saves: what it says, not where, so an edit above it does not make it new. */
const identity = (d: Diagnostic) => `${d.severity} ${d.code} ${d.message}`;

const where = (file: string, d: Diagnostic) => (d.span ? `${file}:${d.span.line}:${d.span.column}` : file);

/** Diagnostics in `after` not in `before`, counting repeats. */
function difference(after: Diagnostic[], before: Diagnostic[]): Diagnostic[] {
  const remaining = new Map<string, number>();
  for (const d of before) remaining.set(identity(d), (remaining.get(identity(d)) ?? 0) + 1);
  return after.filter((d) => {
    const left = remaining.get(identity(d)) ?? 0;
    if (left > 0) remaining.set(identity(d), left - 1);
    return left === 0;
  });
}

function lintText(file: string, text: string): Diagnostic[] {
  try {
    return compileAny(text, file).diagnostics.map((d) => ({ ...d, file: d.file ?? file }));
  } catch (error) {
    if (error instanceof DiagnosticError) return error.diagnostics;
    throw error;
  }
}

function summary(diagnostics: Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  if (diagnostics.length === 0) return "ok";
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return [errors && plural(errors, "error"), warnings && plural(warnings, "warning")].filter(Boolean).join(", ");
}

/** Watches `file` until `options.signal` aborts; resolves to 0 then. */
export async function watchModel(file: string, options: WatchOptions, io: IO): Promise<number> {
  const name = basename(file);
  let previous: Diagnostic[] | undefined;
  let lastText: string | undefined;
  let busy: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const check = async (): Promise<void> => {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      return; // between an editor's write and its rename: the next event brings the file back
    }
    if (text === lastText) return;
    lastText = text;
    const diagnostics = lintText(file, text);
    const stamp = new Date().toTimeString().slice(0, 8);
    if (previous === undefined) {
      printDiagnostics(diagnostics, io.stderr, new Map([[file, text]]));
    } else {
      const fixed = difference(previous, diagnostics);
      const added = difference(diagnostics, previous);
      for (const d of fixed) io.out(`fixed: ${where(file, d)} ${d.code} ${d.message}`);
      printDiagnostics(added, io.stderr, new Map([[file, text]]));
      if (fixed.length === 0 && added.length === 0 && !options.run) return;
    }
    previous = diagnostics;
    io.out(`[${stamp}] ${file}: ${summary(diagnostics)}`);
    if (options.run && !diagnostics.some((d) => d.severity === "error")) {
      const { run } = await import("./run.js");
      try {
        await run.run([file], {}, io);
      } catch (error) {
        if (!(error instanceof DiagnosticError)) throw error;
        printDiagnostics(error.diagnostics, io.stderr, new Map([[file, text]]));
      }
    }
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      busy = busy.then(check).catch((error: unknown) => {
        io.err(`nnc watch: ${error instanceof Error ? error.message : String(error)}`);
      });
    }, options.debounceMs ?? 100);
  };

  io.out(`watching ${file} (Ctrl-C to stop)`);
  busy = check();
  await busy;
  const watcher = watchFolder(dirname(resolve(file)), (_event, changed) => {
    if (changed === null || changed === name) schedule();
  });
  await new Promise<void>((done) => {
    if (options.signal.aborted) done();
    else options.signal.addEventListener("abort", () => done(), { once: true });
  });
  watcher.close();
  if (timer) clearTimeout(timer);
  await busy;
  io.out("stopped watching");
  return 0;
}

export const watch: Command = {
  usage: "[--run] <model.nnspec>",
  description:
    "Lints the model on every save and prints only what changed: new diagnostics in full, fixed ones " +
    "as `fixed:` lines. Keeps running on errors; Ctrl-C ends it.",
  positionals: [1, 1],
  options: {
    run: { type: "boolean", help: "Also train the model after each save that lints clean" },
  },
  run([file], options, io) {
    readTextFile(file); // a missing or unreadable file is reported now, not watched for
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once("SIGINT", stop);
    return watchModel(file, { run: Boolean(options.run), signal: controller.signal }, io).finally(() =>
      process.off("SIGINT", stop),
    );
  },
};
