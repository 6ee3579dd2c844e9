// Diagnostic codes of plots and reports (NNC3080–NNC3099), documented in spec/report.md.
export const ReportCodes = {
  runNotJson: "NNC3080",
  notARun: "NNC3081",
  runVersion: "NNC3082",
  runDoesNotFit: "NNC3083",
  plotDirectory: "NNC3084",
} as const;
