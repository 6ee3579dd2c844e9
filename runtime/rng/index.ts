// numpy's legacy random generator, bit for bit, and nnc's own streams beside it (see spec/random.md).
export { RandomState, type Shuffleable } from "./random-state.js";
export { MT19937 } from "./mt19937.js";
export { glibcLog, fusedMultiplyAdd } from "./glibc-log.js";
export { IndependentStream } from "./independent-stream.js";
