// What every command shares: the streams it writes to and the shape of a command. Kept apart from
// the command table (cli/commands.ts), which loads each command only when it is asked for, so a
// command imports these types without importing the table back.
import { DiagnosticError } from "../contracts/diagnostic.js";
import { Codes } from "../contracts/codes.js";

export interface OptionSpec {
  type: "boolean" | "string";
  short?: string;
  argName?: string;
  help: string;
}

/** Where a command writes: results to stdout, diagnostics and progress to stderr. */
export interface IO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  out(line: string): void;
  err(line: string): void;
}

/** A command once loaded; its one-line summary is in the command table. */
export interface Command {
  usage: string;
  description?: string;
  options: Record<string, OptionSpec>;
  /** [fewest, most] positional arguments. */
  positionals: [number, number];
  run(positionals: string[], options: Record<string, string | boolean | undefined>, io: IO): Promise<number> | number;
}

/** A command line nnc does not understand (NNC3107), with what would be right. */
export function usageError(message: string, help?: string, file?: string): never {
  throw new DiagnosticError([{ severity: "error", code: Codes.usage, message, help, file }]);
}
