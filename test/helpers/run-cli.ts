// Runs one `nnc` command line in-process with captured streams, as the CLI tests need it.
import { Writable } from "node:stream";
import type { IO } from "../../cli/commands.js";
import { runCli } from "../../cli/main.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function nnc(...args: string[]): Promise<CliResult> {
  let out = "";
  let err = "";
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk));
        done();
      },
    });
  const io: IO = {
    stdout: sink((s) => (out += s)),
    stderr: sink((s) => (err += s)),
    out: (l) => void (out += `${l}\n`),
    err: (l) => void (err += `${l}\n`),
  };
  const code = await runCli(args, io);
  return { code, stdout: out, stderr: err };
}
