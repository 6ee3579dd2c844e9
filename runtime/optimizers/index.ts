// The optimizer registry: the compiler's vocabulary names these, `nnc derive` prints their
// derivations, the training loop runs their update rules.
import { adam } from "./adam.js";
import { gd } from "./gd.js";
import { momentum } from "./momentum.js";
import type { OptimizerDefinition } from "./optimizer.js";
import { rmsprop } from "./rmsprop.js";

export type { OptimizerDefinition, OptimizerSettings } from "./optimizer.js";

export const optimizerRegistry: Readonly<Record<string, OptimizerDefinition>> = { gd, momentum, rmsprop, adam };

export function optimizerOf(name: string): OptimizerDefinition {
  const definition = optimizerRegistry[name];
  if (!definition) throw new Error(`unknown optimizer '${name}'`);
  return definition;
}
