// A data set as the lessons hold it: X is features × m (one column per example), Y is 1 × m.
// Stored row-major in Float64Arrays, so X[f * samples + j] is feature f of example j, which is
// numpy's layout of `train_X` after the lessons' `.T`.

export interface Dataset {
  name: string;
  features: number;
  samples: number;
  /** features × samples, row-major. */
  X: Float64Array;
  /** 1 × samples: labels 0 or 1. */
  Y: Float64Array;
}
