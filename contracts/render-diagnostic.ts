// Renders diagnostics the way rustc and Elm do: location, code and message on one line, then
// the source line with carets under exactly the characters concerned, then what was expected
// and how to fix it.
//
//   circles.nnspec:9:17: error[NNC2001]: unknown activation 'sigmoud'
//     |
//   9 |   dense  out[1] sigmoud init he
//     |                 ^^^^^^^ not an activation
//     |
//     = expected: relu, sigmoid, tanh, linear, or one you define as `name(z) = ...`
//     = help: did you mean 'sigmoid'?
import type { Diagnostic, Severity } from "./diagnostic.js";

export interface RenderOptions {
  /** ANSI colors; off unless asked for (the CLI asks only when stderr is a terminal). */
  color?: boolean;
}

const TAB_WIDTH = 4;
/** Longer source lines are cut after the carets, so a minified or binary line stays readable. */
const MAX_LINE_WIDTH = 160;
/** Columns kept before the carets when they start past MAX_LINE_WIDTH (the line is cut on the left). */
const LEFT_CONTEXT = 40;
/** Messages quote the file (a name, a number); a quote of a megabyte is cut in its middle. */
const MAX_TEXT_LENGTH = 400;

function clipped(text: string): string {
  if (text.length <= MAX_TEXT_LENGTH) return text;
  const half = MAX_TEXT_LENGTH / 2;
  return `${text.slice(0, half)} … (${text.length - 2 * half} characters) … ${text.slice(-half)}`;
}

const ansi = { bold: "1", red: "31", yellow: "33", blue: "34", cyan: "36" } as const;
const severityColor: Record<Severity, keyof typeof ansi> = { error: "red", warning: "yellow", note: "cyan" };

export function renderDiagnostic(d: Diagnostic, source?: string, options: RenderOptions = {}): string {
  return renderWithLines(d, source === undefined ? undefined : sourceLines(source), options);
}

function renderWithLines(d: Diagnostic, sourceLines: string[] | undefined, options: RenderOptions): string {
  const paint = (text: string, ...styles: (keyof typeof ansi)[]) =>
    options.color && text ? `\x1b[${styles.map((s) => ansi[s]).join(";")}m${text}\x1b[0m` : text;
  const where = [d.file, d.span && `${d.span.line}:${d.span.column}`].filter(Boolean).join(":");
  const severity = paint(`${d.severity}[${d.code}]`, "bold", severityColor[d.severity]);
  const title = `${severity}${paint(`: ${clipped(d.message)}`, "bold")}`;
  const lines = [where ? `${where}: ${title}` : title];

  const sourceLine = d.span && sourceLines ? sourceLines[d.span.line - 1] : undefined;
  const gutterWidth = sourceLine !== undefined && d.span ? String(d.span.line).length : 1;
  const gutter = (text = "") => paint(`${text.padStart(gutterWidth)} |`, "bold", "blue");

  if (d.span && sourceLine !== undefined) {
    const first = d.span.column;
    // A span over several lines is underlined to the end of its first line.
    const spanEnd =
      d.span.endLine > d.span.line ? Math.max(sourceLine.length, first) : Math.max(d.span.endColumn, first);
    // Only a window of the line is laid out, so a line of megabytes (minified, generated) costs
    // no more than a short one: it starts a little before carets that start far right, and the
    // carets stop after two screen widths.
    const from = first - 1 > MAX_LINE_WIDTH ? first - 1 - LEFT_CONTEXT : 0;
    const last = Math.min(spanEnd, from + 2 * MAX_LINE_WIDTH);
    const to = Math.min(sourceLine.length, from + Math.max(MAX_LINE_WIDTH, last - from + 20) + 1);
    const shown = displayLine(sourceLine.slice(from, to));
    const lead = from > 0 ? "… " : "";
    const caretStart = lead.length + shown.columnOf(first - 1 - from);
    const caretEnd = lead.length + shown.columnOf(last - from);
    const cut = Math.max(MAX_LINE_WIDTH, caretEnd + 20) - lead.length;
    const isCut = shown.text.length > cut || to < sourceLine.length;
    const text = isCut ? `${lead}${shown.text.slice(0, cut)} …` : `${lead}${shown.text}`;
    const carets = paint("^".repeat(Math.max(caretEnd - caretStart, 1)), "bold", severityColor[d.severity]);
    const label = d.label ? ` ${paint(clipped(d.label), "bold", severityColor[d.severity])}` : "";
    lines.push(
      gutter(),
      `${gutter(String(d.span.line))} ${text}`.trimEnd(),
      `${gutter()} ${" ".repeat(caretStart)}${carets}${label}`,
    );
  }

  const extras: [string, string | undefined][] = [
    ["expected", d.expected],
    ["help", d.help],
    ...(d.notes ?? []).map((note): [string, string] => ["note", note]),
  ];
  const present = extras.filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== "");
  if (present.length > 0 && lines.length > 1) lines.push(gutter());
  for (const [kind, text] of present) {
    const prefix = `${" ".repeat(gutterWidth)} = `;
    const [head, ...rest] = clipped(text).split("\n");
    lines.push(
      `${paint(prefix, "bold", "blue")}${paint(`${kind}:`, "bold", kind === "help" ? "cyan" : "blue")} ${head}`,
    );
    // Continuation lines align under the text, not under the `=`.
    for (const line of rest) lines.push(`${" ".repeat(prefix.length + kind.length + 2)}${line}`);
  }
  return lines.join("\n");
}

export function renderDiagnostics(
  ds: Diagnostic[],
  sources: Map<string, string> | ((file: string) => string | undefined),
  options: RenderOptions = {},
): string {
  if (ds.length === 0) return "";
  const lookup = typeof sources === "function" ? sources : (file: string) => sources.get(file);
  // Each file is split into lines once, not once per diagnostic: a big file may have many.
  const linesOf = new Map<string, string[] | undefined>();
  const linesFor = (file: string | undefined) => {
    if (file === undefined) return undefined;
    if (!linesOf.has(file)) {
      const source = lookup(file);
      linesOf.set(file, source === undefined ? undefined : sourceLines(source));
    }
    return linesOf.get(file);
  };
  return `${ds.map((d) => renderWithLines(d, linesFor(d.file), options)).join("\n\n")}\n`;
}

/** The lines of a source, split the way the lexer counts them: `\n`, `\r\n` or a lone `\r`. */
function sourceLines(source: string): string[] {
  return source.split(/\r\n|\r|\n/);
}

/**
 * The line as it will be printed, with a map from code-unit index to printed column: tabs
 * become spaces up to the next tab stop, and control characters (from a binary file, say)
 * become their visible Unicode pictures (U+2400..) so they neither vanish nor move the carets.
 */
function displayLine(line: string): { text: string; columnOf: (index: number) => number } {
  const columns: number[] = [];
  let text = "";
  for (const c of line) {
    for (let unit = 0; unit < c.length; unit++) columns.push(text.length);
    if (c === "\t") text += " ".repeat(TAB_WIDTH - (text.length % TAB_WIDTH));
    else if (c.charCodeAt(0) < 0x20) text += String.fromCharCode(0x2400 + c.charCodeAt(0));
    else if (c === "\x7f") text += "\u2421";
    else text += c;
  }
  // Indices past the end (a caret just after the last character) keep counting one per column.
  return {
    text,
    columnOf: (index) => (index < columns.length ? columns[index] : text.length + (index - columns.length)),
  };
}
