// A small, strict CSV loader for the lessons' 2-D data sets (e.g. football.csv: x1,x2,y,split).
//
// Strict because a data file is input a learner edits by hand: "1.5abc" is an error pointing at
// its line and column, not 1.5 as parseFloat would have it. Every problem is a DiagnosticError
// (codes NNC3001–NNC3009, listed in spec/random.md) naming the file, the line (1 = header) and
// the character column of the field. Fields may be double-quoted (RFC 4180, no line breaks
// inside quotes); blank lines are skipped; a UTF-8 byte-order mark and CRLF endings are accepted.
import type { Span } from "../../contracts/diagnostic.js";
import { type Diagnostic, DiagnosticError, suggest } from "../../contracts/diagnostic.js";
import type { Dataset } from "./dataset.js";
import { DataCodes } from "../../contracts/codes.js";
import { fileStem, type ModelFiles, unreadableReason } from "../../contracts/files.js";

export interface CsvOptions {
  /** Columns that become the rows of X, in this order. */
  features: string[];
  /** Column holding the label: 0 or 1, or a class index 0..classes-1. */
  label: string;
  /** How many classes the labels name (a softmax output's units); 2 unless given: labels 0 or 1. */
  classes?: number;
  /** Keep only the rows whose `column` field is exactly `equals` (e.g. split = train). */
  where?: { column: string; equals: string };
  /** Data set name; defaults to the file name without its extension. */
  name?: string;
}

interface Field {
  text: string;
  /** 1-based character column where the field starts (its opening quote, if quoted). */
  column: number;
  /** Its length in the line, quotes included, so a span can underline it exactly. */
  width: number;
}

interface Row {
  line: number;
  fields: Field[];
}

// A decimal number and nothing else: no hex, no "Infinity", no trailing junk.
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
// Report this many bad rows at once; past that the file is probably not what was meant.
const MAXIMUM_ROW_ERRORS = 20;

/** `path` as a ModelFiles resolved it; the file is read through `files`. */
export async function loadCsv(files: ModelFiles, path: string, options: CsvOptions): Promise<Dataset> {
  return parseCsv(path, await readDataFile(files, path), options);
}

/** The data set of a CSV text; `path` is what its diagnostics name. */
export function parseCsv(path: string, text: string, options: CsvOptions): Dataset {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const header = lines.length > 0 && lines[0].trim() !== "" ? splitLine(path, lines[0], 1) : undefined;
  if (!header) {
    throw fail({
      code: DataCodes.csvEmpty,
      message: "the data file is empty",
      file: path,
      span: at(1, 1, 1),
      expected: "a header row naming the columns, such as `x1,x2,y`, then one row per example",
    });
  }

  const columnNames = header.map((field) => field.text);
  checkDuplicateColumns(path, header);
  const headerSpan = at(1, 1, Math.max(1, lines[0].length));
  const columnIndex = (name: string, role: string): number => {
    const index = columnNames.indexOf(name);
    if (index >= 0) return index;
    const guess = suggest(name, columnNames);
    throw fail({
      code: DataCodes.csvUnknownColumn,
      message: `the data file has no column '${name}' (wanted as ${role})`,
      file: path,
      span: headerSpan,
      label: "the header names these columns",
      expected: `one of: ${columnNames.join(", ")}`,
      help: guess ? `did you mean '${guess}'?` : undefined,
    });
  };
  const featureColumns = options.features.map((feature) => columnIndex(feature, "a feature"));
  const labelColumn = columnIndex(options.label, "the label");
  const whereColumn = options.where ? columnIndex(options.where.column, "the `where` column") : -1;

  const rows: Row[] = [];
  const problems: Diagnostic[] = [];
  const seenWhereValues = new Set<string>();
  for (let index = 1; index < lines.length && problems.length < MAXIMUM_ROW_ERRORS; index++) {
    const line = lines[index];
    if (line.trim() === "") continue;
    const fields = splitLine(path, line, index + 1);
    if (fields.length !== header.length) {
      problems.push({
        severity: "error",
        code: DataCodes.csvRaggedRow,
        file: path,
        span: at(index + 1, 1, Math.max(1, line.length)),
        message:
          `this row has ${fields.length} field${fields.length === 1 ? "" : "s"}, ` + `the header has ${header.length}`,
        expected: `${header.length} comma-separated fields: ${columnNames.join(", ")}`,
      });
      continue;
    }
    if (options.where) {
      seenWhereValues.add(fields[whereColumn].text);
      if (fields[whereColumn].text !== options.where.equals) continue;
    }
    rows.push({ line: index + 1, fields });
  }

  const samples = rows.length;
  const X = new Float64Array(options.features.length * samples);
  const Y = new Float64Array(samples);
  for (let j = 0; j < samples && problems.length < MAXIMUM_ROW_ERRORS; j++) {
    const row = rows[j];
    featureColumns.forEach((column, feature) => {
      const value = parseNumber(path, row, column, columnNames[column], problems);
      if (value !== undefined) X[feature * samples + j] = value;
    });
    const label = parseNumber(path, row, labelColumn, columnNames[labelColumn], problems);
    if (label === undefined) continue;
    const classes = options.classes ?? 2;
    if (!(Number.isInteger(label) && label >= 0 && label < classes)) {
      const field = row.fields[labelColumn];
      const range = classes === 2 ? "0 or 1" : `a class index 0 … ${classes - 1}`;
      problems.push({
        severity: "error",
        code: DataCodes.labelOutOfRange,
        file: path,
        span: fieldSpan(row.line, field),
        message: `label '${field.text}' in column '${options.label}' is not ${range}`,
        expected:
          classes === 2
            ? "0 or 1: a model with one sigmoid output is a binary classifier"
            : `${range}: the model's softmax output has ${classes} units, one per class`,
        label: `not ${range}`,
      });
      continue;
    }
    Y[j] = label;
  }
  if (problems.length > 0) throw new DiagnosticError(problems);

  if (samples === 0) {
    if (!options.where) {
      throw fail({
        code: DataCodes.csvNoRows,
        message: "the data file has a header but no rows",
        file: path,
        span: headerSpan,
        expected: "at least one row of data after the header",
      });
    }
    const { column, equals } = options.where;
    const guess = suggest(equals, seenWhereValues);
    throw fail({
      code: DataCodes.csvNoRows,
      message: `no rows have ${column} = '${equals}'`,
      file: path,
      span: headerSpan,
      expected:
        seenWhereValues.size > 0
          ? `one of the values in column '${column}': ${[...seenWhereValues].slice(0, 8).join(", ")}`
          : undefined,
      help: guess ? `did you mean '${guess}'?` : undefined,
    });
  }
  return { name: options.name ?? fileStem(path), features: options.features.length, samples, X, Y };
}

async function readDataFile(files: ModelFiles, path: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await files.read(path);
  } catch (error) {
    throw fail({
      code: DataCodes.csvUnreadable,
      message: `cannot read the data file '${path}': ${unreadableReason(error)}`,
      file: path,
      help: "data paths in a .nnspec are relative to the .nnspec file itself",
    });
  }
  // Invalid UTF-8 becomes U+FFFD, as Node's "utf8" reading made it; parseCsv drops a byte-order mark.
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
}

/** The fields of one line, with their columns; quoted fields lose their quotes. */
function splitLine(path: string, line: string, lineNumber: number): Field[] {
  const fields: Field[] = [];
  let position = 0;
  for (;;) {
    const start = position;
    let text: string;
    if (line[position] === '"') {
      text = "";
      position++;
      for (;;) {
        const quote = line.indexOf('"', position);
        if (quote < 0) {
          throw fail({
            code: DataCodes.csvUnclosedQuote,
            message: "this quoted field has no closing quote",
            file: path,
            span: at(lineNumber, start + 1, line.length),
            expected: 'a closing " before the end of the line',
            help: 'write a quote inside a quoted field as two quotes: ""',
          });
        }
        text += line.slice(position, quote);
        position = quote + 1;
        if (line[position] !== '"') break;
        text += '"';
        position++;
      }
      const rest = line.indexOf(",", position);
      const end = rest < 0 ? line.length : rest;
      if (line.slice(position, end).trim() !== "") {
        throw fail({
          code: DataCodes.csvUnclosedQuote,
          message: "unexpected text after a quoted field",
          file: path,
          span: at(lineNumber, position + 1, end),
          expected: "a comma or the end of the line after the closing quote",
        });
      }
      position = end;
    } else {
      const comma = line.indexOf(",", position);
      position = comma < 0 ? line.length : comma;
      const raw = line.slice(start, position);
      text = raw.trim();
      if (text !== "") {
        // Point at the value itself, not at the spaces around it.
        const leading = raw.length - raw.trimStart().length;
        fields.push({ text, column: start + leading + 1, width: text.length });
      } else {
        fields.push({ text, column: start + 1, width: Math.max(1, raw.length) });
      }
      if (position >= line.length) return fields;
      position++; // past the comma
      continue;
    }
    fields.push({ text, column: start + 1, width: Math.max(1, position - start) });
    if (position >= line.length) return fields;
    position++; // past the comma
  }
}

function parseNumber(
  path: string,
  row: Row,
  column: number,
  columnName: string,
  problems: Diagnostic[],
): number | undefined {
  const field = row.fields[column];
  if (NUMBER.test(field.text)) return Number(field.text);
  problems.push({
    severity: "error",
    code: DataCodes.csvNotANumber,
    file: path,
    span: fieldSpan(row.line, field),
    message:
      field.text === ""
        ? `column '${columnName}' is empty in this row`
        : `'${field.text}' in column '${columnName}' is not a number`,
    label: "not a number",
    expected: "a decimal number such as 0.25, -3 or 1e-3",
  });
  return undefined;
}

function checkDuplicateColumns(path: string, header: Field[]): void {
  const seen = new Set<string>();
  for (const field of header) {
    if (seen.has(field.text)) {
      throw fail({
        code: DataCodes.csvDuplicateColumn,
        message: `the header names column '${field.text}' twice`,
        file: path,
        span: fieldSpan(1, field),
        expected: "each column name once, so that a name picks one column",
      });
    }
    seen.add(field.text);
  }
}

function fieldSpan(line: number, field: Field): Span {
  return at(line, field.column, field.column + field.width - 1);
}

function at(line: number, column: number, endColumn: number): Span {
  return { line, column, endLine: line, endColumn };
}

function fail(diagnostic: Omit<Diagnostic, "severity">): DiagnosticError {
  return new DiagnosticError([{ severity: "error", ...diagnostic }]);
}
