// Go to definition, find references, highlights and rename, for the model's own names (layers,
// the input, custom activations, data sets, params, lets, gradients): all read language/symbols.ts.
import { allKeywords } from "../grammar/tokens.js";
import { analyze, type TextDocumentLike } from "./analysis.js";
import { spanToRange } from "./positions.js";
import type { Location, Position, Range, WorkspaceEdit } from "./types.js";

export function definition(document: TextDocumentLike, position: Position): Location[] {
  const found = analyze(document).symbols.at(position);
  return found ? [{ uri: document.uri, range: spanToRange(found.symbol.definition) }] : [];
}

export function references(document: TextDocumentLike, position: Position, includeDeclaration = true): Location[] {
  const found = analyze(document).symbols.at(position);
  if (!found) return [];
  const spans = includeDeclaration ? [found.symbol.definition, ...found.symbol.references] : found.symbol.references;
  return spans.map((span) => ({ uri: document.uri, range: spanToRange(span) }));
}

/** The name under the cursor and its range, when it can be renamed (LSP's prepareRename). */
export function prepareRename(
  document: TextDocumentLike,
  position: Position,
): { range: Range; placeholder: string } | undefined {
  const found = analyze(document).symbols.at(position);
  return found ? { range: spanToRange(found.span), placeholder: found.symbol.name } : undefined;
}

export class RenameError extends Error {}

const keywords = new Set(allKeywords.map((k) => k.name.toLowerCase()));

/** Every occurrence of the name under the cursor, renamed; throws RenameError for a name that cannot be one. */
export function rename(document: TextDocumentLike, position: Position, newName: string): WorkspaceEdit | undefined {
  const found = analyze(document).symbols.at(position);
  if (!found) return undefined;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(newName)) {
    throw new RenameError(`'${newName}' is not a name: a letter or _, then letters, digits and _`);
  }
  if (keywords.has(newName)) throw new RenameError(`'${newName}' is a keyword of the language`);
  const spans = [found.symbol.definition, ...found.symbol.references];
  return { changes: { [document.uri]: spans.map((span) => ({ range: spanToRange(span), newText: newName })) } };
}
