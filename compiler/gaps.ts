// What the compiler could not read of a model: the statements syntax errors cost it, and the parts
// of statements whose own errors are reported (an unknown activation, a size out of range). Every
// check still runs on the rest, so one run shows every mistake it can; a whole-model check that
// would read a missing or doubtful part is postponed instead of run on a guess, since its verdict
// would mean nothing. The front end then says, once, that more may follow and what waits.
import type { LostStatement } from "../grammar/index.js";
import type { LayerIR, ModelIR, SourceSpan } from "../contracts/ir.js";

/** A part of a statement that had an error: its values are stand-ins, not the writer's. */
export type Doubtful = "units" | "activation" | "content";

export class Gaps {
  private readonly doubts = new Set<string>();
  private readonly waiting = new Set<string>();

  constructor(readonly lost: readonly LostStatement[] = []) {}

  /** Could a statement of this kind (declaring this name) be one the syntax errors cost? */
  mayBeLost(kind: string, name?: string): boolean {
    const sameName = (s: LostStatement) => name === undefined || s.name === undefined || s.name === name;
    return this.lost.some((s) => (s.kind === undefined || s.kind === kind) && sameName(s));
  }

  /** Could a statement of this kind have been lost after this place (the last layer is then unsure)? */
  mayBeLostAfter(kind: string, at: SourceSpan | undefined): boolean {
    const after = (s: LostStatement) =>
      !at || s.span.line > at.line || (s.span.line === at.line && s.span.column > at.column);
    return this.lost.some((s) => (s.kind === undefined || s.kind === kind) && after(s));
  }

  /** Marks a part as standing in for one whose error is reported. */
  doubt(kind: string, name: string, part: Doubtful): void {
    this.doubts.add(`${kind}:${name}:${part}`);
  }

  isDoubtful(kind: string, name: string, part: Doubtful): boolean {
    return this.doubts.has(`${kind}:${name}:${part}`);
  }

  /** Is any part of this kind doubtful (any layer's units, say)? */
  anyDoubtful(kind: string, part: Doubtful): boolean {
    return [...this.doubts].some((d) => d.startsWith(`${kind}:`) && d.endsWith(`:${part}`));
  }

  /** Records a check that waits for the errors above to be fixed, in the learner's words. */
  postpone(what: string): void {
    this.waiting.add(what);
  }

  /** The checks that wait, and the lost statements (which are checked once they can be read). */
  get postponed(): string[] {
    const lines = [...new Set(this.lost.filter((s) => !s.cutShort).map((s) => s.span.line))];
    const several = lines.length > 1;
    const statements = several ? `the statements at lines ${list(lines)}` : `the statement at line ${lines[0]}`;
    const unread = lines.length ? [`${statements}, once ${several ? "they" : "it"} can be read`] : [];
    const end = this.lost.find((s) => s.cutShort);
    const cut = end ? [`what may follow line ${end.span.line}, if the file was cut short`] : [];
    return [...unread, ...cut, ...this.waiting];
  }
}

function list(items: readonly (string | number)[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/**
 * The output layer, when the checks can rely on it: it is the last layer only if no `dense`
 * statement was lost after it, and its activation and size are known only without an error.
 */
export function outputLayer(ir: ModelIR, gaps: Gaps): OutputLayer {
  const last = ir.layers[ir.layers.length - 1];
  if (!last) return { hidden: [], known: false };
  if (gaps.mayBeLostAfter("dense", last.at)) return { hidden: ir.layers.slice(0, -1), known: false };
  const doubtful = gaps.isDoubtful("dense", last.name, "units") || gaps.isDoubtful("dense", last.name, "activation");
  return { layer: last, hidden: ir.layers.slice(0, -1), known: !doubtful };
}

export interface OutputLayer {
  /** The last layer, when no `dense` statement may have been lost after it. */
  layer?: LayerIR;
  /** The layers sure to be hidden. */
  hidden: LayerIR[];
  /** Whether the output layer's size and activation are the writer's. */
  known: boolean;
}
