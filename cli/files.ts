// Reading the files a user names and writing the files nnc produces. Reads turn every way a file
// can be wrong (missing, a directory, empty, binary) into one clear diagnostic; writes are atomic
// (a temporary file beside the target, then a rename) so an interrupted run never leaves a
// half-written output where a good one was.
import {
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { DiagnosticError, type Diagnostic, type Span } from "../contracts/diagnostic.js";
import { Codes } from "../contracts/codes.js";
import type { IO } from "./command.js";

function fail(code: string, file: string, message: string, help?: string, span?: Span): never {
  const d: Diagnostic = { severity: "error", code, file, message };
  if (span) d.span = span;
  if (help) d.help = help;
  throw new DiagnosticError([d]);
}

/** Line and column of a byte offset, counted as the lexer counts them (`\n`, `\r\n` or `\r` end a line). */
function spanAtByte(bytes: Buffer, offset: number): Span {
  const before = new TextDecoder("utf-8").decode(bytes.subarray(0, offset)).replace(/^\uFEFF/, "");
  const lineStarts = before.match(/\r\n|\r|\n/g)?.length ?? 0;
  const lastBreak = Math.max(before.lastIndexOf("\n"), before.lastIndexOf("\r"));
  const column = before.length - (lastBreak + 1) + 1;
  return { line: lineStarts + 1, column, endLine: lineStarts + 1, endColumn: column };
}

/** Reads a model file as UTF-8 text, or throws a DiagnosticError saying what is wrong with it. */
export function readTextFile(file: string, what = "model"): string {
  let bytes: Buffer;
  try {
    if (statSync(file).isDirectory())
      fail(
        Codes.fileIsDirectory,
        file,
        `'${file}' is a directory, not a ${what} file`,
        "name a .nnspec file inside it",
      );
    bytes = readFileSync(file);
  } catch (error) {
    if (error instanceof DiagnosticError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      fail(
        Codes.fileMissing,
        file,
        `no such file: '${file}'`,
        "check the path; paths are relative to the current directory",
      );
    fail(Codes.fileUnreadable, file, `cannot read '${file}': ${(error as Error).message}`);
  }
  if (bytes.length === 0 || bytes.toString("utf8").trim() === "") {
    const start = { line: 1, column: 1, endLine: 1, endColumn: 1 };
    const help = "a model file starts with `model NAME {` — see examples/init-he.nnspec";
    fail(Codes.fileEmpty, file, `'${file}' is empty`, help, start);
  }
  const nul = bytes.indexOf(0);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    text = "";
  }
  if (nul >= 0 || text === "") {
    const invalid = text === "" ? firstInvalidUtf8(bytes) : bytes.length;
    const offset = nul >= 0 ? Math.min(nul, invalid) : invalid;
    const byte = `0x${bytes[offset].toString(16).padStart(2, "0")}`;
    const message = `'${file}' is not a text file (binary byte ${byte} at offset ${offset})`;
    const help = `${what} files are UTF-8 text; is this the file you meant?`;
    fail(Codes.fileBinary, file, message, help, spanAtByte(bytes, offset));
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function firstInvalidUtf8(bytes: Buffer): number {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let lo = 0;
  let hi = bytes.length;
  // The longest valid prefix, by bisection: decoding is linear, so this stays cheap.
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    try {
      decoder.decode(bytes.subarray(0, mid));
      lo = mid;
    } catch {
      hi = mid;
    }
  }
  return Math.max(0, Math.min(lo, bytes.length - 1));
}

/** Writes `content` to `file` atomically: a temporary sibling, fsync, then rename over the target. */
export function writeFileAtomic(
  file: string,
  content: string | Uint8Array,
  options: { exclusive?: boolean } = {},
): void {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    const fd = openSync(temporary, "w");
    try {
      writeSync(fd, typeof content === "string" ? Buffer.from(content, "utf8") : content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // A hard link fails when the name exists, so an exclusive write never replaces a file that appeared after
    // the caller looked: checking first and renaming after would.
    if (options.exclusive) {
      linkSync(temporary, file);
      rmSync(temporary);
    } else renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    if (options.exclusive && (error as NodeJS.ErrnoException).code === "EEXIST") throw error;
    fail(
      Codes.fileUnwritable,
      file,
      `cannot write '${file}': ${(error as Error).message}`,
      "check that the folder exists and is writable",
    );
  }
}

/** A command's result: into `out` (atomically, saying so on stderr) when given, else to stdout. */
export function writeOutput(out: string | undefined, text: string, io: Pick<IO, "stdout" | "err">): void {
  if (out) {
    writeFileAtomic(out, text);
    io.err(`wrote ${out}`);
  } else io.stdout.write(text);
}
