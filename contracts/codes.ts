// The one place that allocates diagnostic codes: NNC1xxx syntax (grammar/), NNC2xxx names, shapes
// and ranges (compiler/), NNC30xx data files (runtime/data/), NNC306x pictures and parameter files,
// NNC308x saved runs and plots (report/), NNC31xx the files and command lines a user names.
// Codes are never reused, even after their check is removed: tests and users match on them, not on
// the wording. A test fails on a code written anywhere else in the sources, and on a code that has
// no explanation (explanations.ts, for `nnc explain`).

/** Every syntax code nnc uses. A code is never reused, even after its check is removed. */
export const SyntaxCodes = {
  unexpectedCharacter: "NNC1001",
  unterminatedString: "NNC1002",
  notText: "NNC1003",
  malformedNumber: "NNC1004",
  singleQuotedString: "NNC1005",
  invalidEscape: "NNC1006",
  unknownStatement: "NNC1101",
  unclosedModel: "NNC1102",
  missingBracket: "NNC1103",
  missingParenthesis: "NNC1104",
  unexpectedToken: "NNC1105",
  missingModelName: "NNC1106",
  equalsInArgument: "NNC1107",
  missingComma: "NNC1108",
  numberExpected: "NNC1109",
  unexpectedEndOfFile: "NNC1110",
  textAfterModel: "NNC1111",
  secondModel: "NNC1112",
  statementOutsideModel: "NNC1113",
  missingModelKeyword: "NNC1114",
  valueExpected: "NNC1115",
  noModel: "NNC1116",
  nameExpected: "NNC1117",
  dataSourceNotCall: "NNC1118",
  nestingTooDeep: "NNC1119",
  tooManyTokens: "NNC1120",
  unknownReportMoment: "NNC1300",
  internalError: "NNC1900",
} as const;

export type SyntaxCodeName = keyof typeof SyntaxCodes;
export type SyntaxCode = (typeof SyntaxCodes)[SyntaxCodeName];

/** Data files and the model's data (NNC30xx), pictures and parameter files (NNC306x), ONNX files (NNC307x). */
export const DataCodes = {
  csvUnreadable: "NNC3001",
  csvEmpty: "NNC3002",
  csvUnknownColumn: "NNC3003",
  csvRaggedRow: "NNC3004",
  csvNotANumber: "NNC3005",
  labelOutOfRange: "NNC3006",
  csvNoRows: "NNC3007",
  csvDuplicateColumn: "NNC3008",
  csvUnclosedQuote: "NNC3009",
  fileUnreadable: "NNC3010",
  notThatFormat: "NNC3011",
  matV73: "NNC3012",
  damagedFile: "NNC3013",
  unknownVariable: "NNC3014",
  notRealNumbers: "NNC3015",
  wrongShape: "NNC3016",
  labelNotBinary: "NNC3017",
  notFinite: "NNC3018",
  badLoaderOption: "NNC3019",
  tooLargeToLoad: "NNC3020",
  imageUnreadable: "NNC3060",
  imageFormat: "NNC3061",
  imageDamaged: "NNC3062",
  paramsFileMismatch: "NNC3063",
  predictInput: "NNC3064",
  onnxNotModel: "NNC3070",
  onnxUnsupportedNode: "NNC3071",
  onnxUnsupportedGraph: "NNC3072",
} as const;

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
  unknownCheck: "NNC2030",
  scalarStatementInNetwork: "NNC2031",
  backwardUnknownName: "NNC2032",
  backwardShape: "NNC2033",
  backwardMissingGradient: "NNC2034",
  backwardRepeated: "NNC2035",
  backwardUnknownFunction: "NNC2036",
  scalarModel: "NNC2037",
  checksPostponed: "NNC2099",
  unknownTrainOption: "NNC2110",
  repeatedTrainOption: "NNC2111",
  batchNeedsEpochs: "NNC2112",
  shuffleNeedsBatch: "NNC2113",
  unknownShuffle: "NNC2114",
  unknownDecay: "NNC2115",
  regularizerNeedsFullBatch: "NNC2116",
  softmaxOnHiddenLayer: "NNC2130",
  softmaxTooFewUnits: "NNC2131",
  softmaxNaiveLoss: "NNC2132",
  softmaxEarlyStop: "NNC2133",
  tooManyClasses: "NNC2134",
  splitSizes: "NNC2140",
  splitParts: "NNC2141",
  unknownSplitOrder: "NNC2142",
  unknownActivationName: "NNC2050",
  activationNotDifferentiable: "NNC2051",
  activationNotInVariable: "NNC2052",
  activationRedefinesBuiltin: "NNC2053",
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
  numbersExample: "NNC3125",
  numbersIteration: "NNC3126",
  checkFailed: "NNC3030",
  checkTooLarge: "NNC3031",
  backwardRuntime: "NNC3032",
  notEmittable: "NNC3040",
  noPytorchForm: "NNC3041",
} as const;

export type Code = (typeof Codes)[keyof typeof Codes];
export type DataCode = (typeof DataCodes)[keyof typeof DataCodes];

/** `a, b, c or d` — the way lists of alternatives are spoken in messages. */
export function alternatives(names: readonly string[], conjunction = "or"): string {
  const quoted = names.map((n) => `\`${n}\``);
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} ${conjunction} ${quoted[quoted.length - 1]}`;
}

/** Saved runs and plots (NNC3080–NNC3099), documented in spec/report.md. */
export const ReportCodes = {
  runNotJson: "NNC3080",
  notARun: "NNC3081",
  runVersion: "NNC3082",
  runDoesNotFit: "NNC3083",
  plotDirectory: "NNC3084",
} as const;

export type ReportCode = (typeof ReportCodes)[keyof typeof ReportCodes];

/** Every code nnc can emit. Each has an explanation, with an example, in explanations.ts. */
export type AnyCode = SyntaxCode | Code | DataCode | ReportCode;
