// The optimizer registry, the one list of optimizers: the compiler's vocabulary is built from it
// (names and settings), `nnc derive` prints their derivations, the training loop runs their rules.
import { adam } from "./adam.js";
import { gd } from "./gd.js";
import { momentum } from "./momentum.js";
import type { OptimizerDefinition } from "./optimizer.js";
import { rmsprop } from "./rmsprop.js";

export type { OptimizerDefinition, OptimizerSettings } from "./optimizer.js";

/** In the order the language lists them. */
export const optimizerList: readonly OptimizerDefinition[] = [gd, momentum, rmsprop, adam];

export const optimizerRegistry: Readonly<Record<string, OptimizerDefinition>> = Object.fromEntries(
  optimizerList.map((optimizer) => [optimizer.name, optimizer]),
);

export function optimizerOf(name: string): OptimizerDefinition {
  const definition = optimizerRegistry[name];
  if (!definition) throw new Error(`unknown optimizer '${name}'`);
  return definition;
}
