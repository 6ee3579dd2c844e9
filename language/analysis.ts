// One analysis per version of a document: the compiler's own front end (compiler/front-end.ts,
// the function `nnc lint` runs, so the diagnostics are the same) with the syntax tree the parser
// recovered and the model as far as it could be read (the draft IR), the names it defines and
// uses, and its layers' shapes. Data files are never read: what a data set holds is said only
// when the model's words say it (a generator's samples), so an analysis costs a parse and a check.
import { analyzeSource, type SourceAnalysis } from "../compiler/front-end.js";
import { modelShapes, type ModelShapes } from "../compiler/model-shapes.js";
import { tokenize } from "../grammar/lexer.js";
import type { IToken } from "chevrotain";
import { indexSymbols, type SymbolIndex } from "./symbols.js";
import { lineStarts, offsetAt, positionAt } from "./positions.js";
import type { Position } from "./types.js";

/** A document as every feature takes it: LSP's TextDocument and a CodeMirror state both give these. */
export interface TextDocumentLike {
  uri: string;
  /** Increases with each change; the analysis of a version is reused until the next. */
  version?: number;
  text: string;
}

export interface Analysis {
  uri: string;
  version?: number;
  text: string;
  /** The file name in messages: the last part of the URI. */
  file: string;
  result: SourceAnalysis;
  symbols: SymbolIndex;
  /** The draft IR's shapes (stand-ins where a layer has an error); undefined without a draft. */
  shapes?: ModelShapes;
  tokens: IToken[];
  offsetAt(position: Position): number;
  positionAt(offset: number): Position;
}

const cache = new Map<string, Analysis>();
const CACHE_SIZE = 32;

/** The analysis of a document, computed once per version (or per text, without versions). */
export function analyze(document: TextDocumentLike): Analysis {
  const cached = cache.get(document.uri);
  if (cached && cached.text === document.text && cached.version === document.version) return cached;
  const analysis = computeAnalysis(document);
  cache.delete(document.uri);
  cache.set(document.uri, analysis);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return analysis;
}

/** Drops a closed document's analysis. */
export function forget(uri: string): void {
  cache.delete(uri);
}

function computeAnalysis({ uri, version, text }: TextDocumentLike): Analysis {
  const file = fileNameOf(uri);
  const result = analyzeSource(text, file);
  const starts = lineStarts(text);
  let shapes: ModelShapes | undefined;
  try {
    shapes = result.draft && result.draft.layers.length ? modelShapes(result.draft) : undefined;
  } catch {
    // A draft's stand-ins always make a table; a half-made one that does not is simply not shown.
    shapes = undefined;
  }
  return {
    uri,
    version,
    text,
    file,
    result,
    symbols: indexSymbols(result.ast),
    shapes,
    tokens: tokenize(text).tokens,
    offsetAt: (position) => offsetAt(starts, text, position),
    positionAt: (offset) => positionAt(starts, offset),
  };
}

/** `file:///home/me/model.nnspec` → `model.nnspec` (what the diagnostics name). */
export function fileNameOf(uri: string): string {
  const last = uri.slice(uri.lastIndexOf("/") + 1) || uri;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}
