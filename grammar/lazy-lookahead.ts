// Chevrotain's LL(k) lookahead, each decision's function built the first time the parser reaches
// that decision instead of all of them when the parser is made. Building them all was the largest
// part of making the parser (which `nnc` does at every start), and a model reaches a fraction of
// the grammar's decisions. A function is built from the same grammar and options either way, so
// the parser decides the same; only when it pays for the building changes.
import { LLkLookaheadStrategy } from "chevrotain";

type Strategy = InstanceType<typeof LLkLookaheadStrategy>;
type AlternationOptions = Parameters<Strategy["buildLookaheadForAlternation"]>[0];
type OptionalOptions = Parameters<Strategy["buildLookaheadForOptional"]>[0];

/** A function that builds `build()` on its first call and from then on is it. */
function builtOnFirstCall<F extends (...args: never[]) => unknown>(build: () => F): F {
  let built: F | undefined;
  return function (this: unknown, ...args: Parameters<F>) {
    built ??= build();
    return built.apply(this, args);
  } as F;
}

export class LazyLookaheadStrategy extends LLkLookaheadStrategy {
  override buildLookaheadForAlternation(
    options: AlternationOptions,
  ): ReturnType<Strategy["buildLookaheadForAlternation"]> {
    return builtOnFirstCall(() => super.buildLookaheadForAlternation(options));
  }

  override buildLookaheadForOptional(options: OptionalOptions): ReturnType<Strategy["buildLookaheadForOptional"]> {
    return builtOnFirstCall(() => super.buildLookaheadForOptional(options));
  }
}
