// Data sets: sklearn's synthetic generators on numpy's stream, and a strict CSV loader.
export type { Dataset } from "./dataset.js";
export { makeBlobs, makeCircles, makeMoons, linspace } from "./synthetic.js";
export { loadCsv, type CsvOptions } from "./csv.js";
