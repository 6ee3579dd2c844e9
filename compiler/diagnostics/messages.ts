// The catalog of the compiler's diagnostics (NNC2xxx: names, shapes, ranges; NNC31xx: reading
// the model file). Codes are never reused: tests and users match on them, not on the wording.
// Syntax codes (NNC1xxx) live with the grammar; data-file codes (NNC30xx) with the data loaders.

export const Codes = {
  unknownActivation: "NNC2001",
  unknownInit: "NNC2002",
  unknownDataSource: "NNC2003",
  unknownLoss: "NNC2004",
  unknownOptimizer: "NNC2005",
  unknownArgument: "NNC2006",
  missingArgument: "NNC2007",
  wrongArgumentType: "NNC2008",
  duplicateName: "NNC2009",
  unknownDataset: "NNC2010",
  missingStatement: "NNC2011",
  repeatedStatement: "NNC2012",
  outOfRange: "NNC2013",
  notAnInteger: "NNC2014",
  tooLarge: "NNC2015",
  outputLayerMismatch: "NNC2016",
  inputSizeMismatch: "NNC2017",
  unknownTrainUnit: "NNC2018",
  unknownFormulaName: "NNC2019",
  notAConstant: "NNC2020",
  unknownMetric: "NNC2021",
  duplicateArgument: "NNC2022",
  tooManyArguments: "NNC2023",
  irSchema: "NNC2024",
  irVersion: "NNC2025",
  irNotJson: "NNC2026",
  unknownRegularizer: "NNC2060",
  dropoutNotHidden: "NNC2061",
  unknownLayer: "NNC2062",
  keepCountMismatch: "NNC2063",
  repeatedRegularizer: "NNC2064",
  unknownStopMetric: "NNC2065",
  fileMissing: "NNC3101",
  fileEmpty: "NNC3102",
  fileBinary: "NNC3103",
  fileUnreadable: "NNC3104",
  fileIsDirectory: "NNC3105",
  fileUnwritable: "NNC3106",
  usage: "NNC3107",
} as const;

export type Code = (typeof Codes)[keyof typeof Codes];

/** One-line explanations, printed by `nnc explain CODE` and listed in spec/language.md. */
export const explanations: Record<Code, string> = {
  NNC2001: "An activation name that nnc does not know.",
  NNC2002: "An init scheme that nnc does not know.",
  NNC2003: "A data source that nnc does not know (circles, moons, csv and mat are built in).",
  NNC2004: "A loss that nnc does not know.",
  NNC2005: "An optimizer that nnc does not know.",
  NNC2006: "An argument name that the called scheme, source or optimizer does not take.",
  NNC2007: "A required argument is missing.",
  NNC2008: "An argument has the wrong kind of value (a number where a name was expected, ...).",
  NNC2009: "Two declarations share a name.",
  NNC2010: "A data set is used but never declared.",
  NNC2011: "A statement every model needs is missing.",
  NNC2012: "A statement that may appear once appears twice.",
  NNC2013: "A value is outside the range it must lie in.",
  NNC2014: "A whole number was expected.",
  NNC2015: "A size is larger than nnc allows (checked before anything is allocated).",
  NNC2016: "The output layer does not fit the loss.",
  NNC2017: "The input size does not match the number of features of the data.",
  NNC2018: "The training length is counted in a unit nnc does not know.",
  NNC2019: "A formula uses a name that is not available inside formulas.",
  NNC2020: "A value that must be a constant number is not one.",
  NNC2021: "A metric that nnc cannot report.",
  NNC2022: "The same argument is given twice.",
  NNC2023: "More positional arguments than the call takes.",
  NNC2024: "An IR file does not match spec/ir.schema.json.",
  NNC2025: "An IR file of a version this nnc does not read.",
  NNC2026: "An IR file that is not valid JSON.",
  NNC2060: "A regularizer that nnc does not know (l2, l1, dropout and early_stop are built in).",
  NNC2061: "Dropout on a layer that is not hidden: the input or the output layer.",
  NNC2062: "A regularizer names a layer that is not declared.",
  NNC2063: "Dropout gives a different number of keep probabilities than layers.",
  NNC2064: "The same regularizer is given twice (or one layer is dropped out twice).",
  NNC2065: "Early stopping watches a metric it cannot watch (cost and accuracy are known).",
  NNC3101: "The model file does not exist.",
  NNC3102: "The model file is empty.",
  NNC3103: "The model file is binary, not text.",
  NNC3104: "The model file cannot be read.",
  NNC3105: "A directory was given where a file was expected.",
  NNC3106: "An output file cannot be written.",
  NNC3107: "The command line is not one nnc understands.",
};

/** `a, b, c or d` — the way lists of alternatives are spoken in messages. */
export function alternatives(names: readonly string[], conjunction = "or"): string {
  const quoted = names.map((n) => `\`${n}\``);
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} ${conjunction} ${quoted[quoted.length - 1]}`;
}
