// The `nnc` command line: a thin layer over the library. It parses the arguments, reports every
// user mistake as a located diagnostic with a non-zero exit, and never shows a stack trace for
// one; a stack trace means a bug in nnc, and then it says so. It runs in-process (tests call
// `runCli` with their own streams); cli/nnc.ts is the executable wrapper.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { DiagnosticError, suggest } from "../contracts/diagnostic.js";
import { Codes } from "../contracts/codes.js";
import { usageError, type Command, type IO } from "./command.js";
import { commands, type CommandEntry } from "./commands.js";
import { printDiagnostics } from "./print.js";

/** The package's version; package.json is found upward (this file runs from cli/ and dist/cli/). */
function version(): string {
  for (const up of ["../package.json", "../../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), "utf8")) as { name?: string; version: string };
      if (pkg.name === "nnc") return pkg.version;
    } catch {
      // not at this level
    }
  }
  return "unknown";
}

function mainHelp(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  return [
    "nnc — compile, train and audit neural networks written in .nnspec",
    "",
    "Usage: nnc <command> [options] <file>",
    "",
    "Commands:",
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    `  ${"explain".padEnd(width)}  Explain a diagnostic code with an ` +
      `example and its fix, e.g. \`nnc explain ${Codes.unknownActivation}\``,
    "",
    "Options:",
    "  -h, --help     Show help (also `nnc <command> --help`)",
    "  -v, --version  Show the version",
    "",
    "Example: nnc run examples/init-he.nnspec",
  ].join("\n");
}

function commandHelp(name: string, summary: string, c: Command): string {
  const lines = [`Usage: nnc ${name} ${c.usage}`, "", summary, ""];
  if (c.description) lines.push(c.description, "");
  lines.push("Options:");
  for (const [flag, o] of Object.entries(c.options)) {
    const short = o.short ? `-${o.short}, ` : "    ";
    const arg = o.type === "string" ? ` ${o.argName ?? "VALUE"}` : "";
    lines.push(`  ${short}--${flag}${arg}`.padEnd(30) + o.help);
  }
  lines.push(`  -h, --help`.padEnd(30) + "Show this help");
  return lines.join("\n");
}

/** The command of that name; not a property every object has, such as `toString`. */
function commandNamed(name: string): CommandEntry | undefined {
  return Object.hasOwn(commands, name) ? commands[name] : undefined;
}

/** The help line for a bad option: the nearest real option (`--jsn` → `--json`), then the usage. */
function optionHelp(name: string, command: Command, error: Error): string {
  const usage = `usage: nnc ${name} ${command.usage}; run \`nnc ${name} --help\` for its options`;
  const unknown = /Unknown option '(-{1,2})([^']+)'/.exec(error.message);
  if (!unknown) return usage;
  const flags = [...Object.keys(command.options), "help"];
  const close = unknown[1] === "--" ? suggest(unknown[2], flags, true) : undefined;
  return close ? `did you mean '--${close}'? ${usage}` : usage;
}

async function dispatch(argv: string[], io: IO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "-h" || name === "--help") {
    const topic = name === "help" ? rest[0] : undefined;
    if (topic === "explain") return (await import("./explain.js")).explain(["--help"], io);
    const entry = topic === undefined ? undefined : commandNamed(topic);
    if (topic !== undefined && !entry) {
      const close = suggest(topic, [...Object.keys(commands), "explain"], true);
      usageError(
        `no command '${topic}' to show help for`,
        close ? `did you mean 'nnc help ${close}'?` : "run `nnc --help` for the list of commands",
      );
    }
    if (topic && entry) io.out(commandHelp(topic, entry.summary, await entry.load()));
    else io.out(mainHelp());
    return 0;
  }
  if (name === "-v" || name === "--version" || name === "version") {
    io.out(`nnc ${version()}`);
    return 0;
  }
  if (name === "explain") return (await import("./explain.js")).explain(rest, io);
  const entry = commandNamed(name);
  if (!entry) {
    const close = suggest(name, [...Object.keys(commands), "explain", "help", "version"], true);
    const usage = "usage: nnc <command> [options] <file>";
    usageError(
      `unknown command '${name}'`,
      close ? `did you mean 'nnc ${close}'? (${usage})` : `${usage}; run \`nnc --help\` for the list of commands`,
    );
  }
  const command = await entry.load();
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: "boolean", short: "h" },
        ...Object.fromEntries(
          Object.entries(command.options).map(([flag, o]) => [
            flag,
            { type: o.type, ...(o.short ? { short: o.short } : {}) },
          ]),
        ),
      },
    });
  } catch (error) {
    usageError(
      `${(error as Error).message.replace(/\. To specify.*$/s, "")}`,
      optionHelp(name, command, error as Error),
    );
  }
  if (parsed.values.help) {
    io.out(commandHelp(name, entry.summary, command));
    return 0;
  }
  const min = command.positionals[0];
  const max = command.positionals[1];
  if (parsed.positionals.length < min)
    usageError(
      `\`nnc ${name}\` needs ${command.usage.replace(/\[.*?\]\s*/g, "")}`,
      `usage: nnc ${name} ${command.usage}`,
    );
  if (parsed.positionals.length > max)
    usageError(
      `\`nnc ${name}\` takes ${max === 1 ? "one file" : `at most ${max} files`}, ` +
        `but was given ${parsed.positionals.length}`,
      `usage: nnc ${name} ${command.usage}`,
    );
  return command.run(parsed.positionals, parsed.values as Record<string, string | boolean | undefined>, io);
}

/** Runs one nnc command line; resolves to the exit code. */
export async function runCli(argv: string[], io: IO = processIO()): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof DiagnosticError) {
      printDiagnostics(error.diagnostics, io.stderr);
      return 1;
    }
    io.err("nnc: internal error — this is a bug in nnc, not in your file. Please report it with this trace:");
    io.err(error instanceof Error ? String(error.stack) : String(error));
    return 70;
  }
}

/**
 * The exit code when the reader of stdout goes away (`nnc run f | head -2`): 141 = 128 + SIGPIPE,
 * what a shell reports for `yes | head -1`'s `yes`. The command stops at its next line of output,
 * quietly; training that nobody reads is not worth finishing.
 */
export const closedPipeExitCode = 141;

function endOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(closedPipeExitCode);
    throw error;
  });
}

export function processIO(): IO {
  endOnClosedPipe(process.stdout);
  endOnClosedPipe(process.stderr);
  // A write to a closed pipe destroys the stream at once but reports the error a tick later, after a
  // synchronous training loop would have run to its end; the next line of output stops it instead.
  const write = (stream: NodeJS.WriteStream, line: string) => {
    if (stream.destroyed) process.exit(closedPipeExitCode);
    stream.write(`${line}\n`);
  };
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    out: (line) => write(process.stdout, line),
    err: (line) => write(process.stderr, line),
  };
}
