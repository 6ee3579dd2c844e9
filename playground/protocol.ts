// What the page and its training worker say to each other. Everything is plain data that
// structured cloning copies (typed arrays included), so the worker needs nothing of the page.
import type { Diagnostic } from "../contracts/diagnostic.js";
import type { GradientCheckData } from "../report/sections.js";
import type { WrongEquation } from "../report/check-data.js";
import type { DerivationNumbers } from "../drivers/derive-numbers.js";

/** The model as the page holds it: its text, its file name, and the data files chosen from disk. */
export interface ModelJob {
  text: string;
  /** The name diagnostics cite, e.g. `init-he.nnspec`. */
  file: string;
  /** Data files by path relative to the model (`data/football.mat`): bundled ones and the user's. */
  files: Record<string, Uint8Array>;
}

export type ToWorker =
  | ({ type: "run"; boundaryEvery: number } & ModelJob)
  | ({ type: "check" } & ModelJob)
  | ({ type: "report" } & ModelJob)
  | ({ type: "numbers"; example: number; iteration: number } & ModelJob);

export interface BoundaryPicture {
  iteration: number;
  /** Cells per side; `classes[row * grid + col]`, row 0 at the bottom (the smallest x₂). */
  grid: number;
  classes: Uint8Array;
  extent: { x: [number, number]; y: [number, number] };
  /** How many classes the model tells apart. */
  count: number;
}

export interface DataPoint {
  x1: number;
  x2: number;
  label: number;
  set: string;
}

export type FromWorker =
  | { type: "started"; iterations: number; unit: "iteration" | "epoch"; points: DataPoint[] }
  | { type: "history"; points: Array<{ iteration: number; cost: number }> }
  /** A reported cost, and its line as `nnc run` prints it. */
  | { type: "cost"; iteration: number; cost: number; line: string }
  | { type: "progress"; iteration: number; total: number }
  | { type: "boundary"; picture: BoundaryPicture }
  | {
      type: "done";
      costs: Array<{ iteration: number; cost: number }>;
      accuracy: Record<string, number>;
      seconds: number;
      engine: string;
    }
  | { type: "checked"; check: GradientCheckData & { firstWrong?: WrongEquation } }
  | { type: "report"; html: string }
  | { type: "numbers"; numbers: DerivationNumbers }
  | { type: "failed"; job: ToWorker["type"]; diagnostics: Diagnostic[]; message?: string };
