// The .nnspec text of an imported graph: its layers, sizes and activations from the graph; its
// data and training lines from the metadata `nnc emit --target onnx` keeps, or, for a graph from
// elsewhere, placeholders that make the model complete (ONNX holds no data and no training).
import { formatNnspec } from "../../grammar/format/format.js";
import { METADATA, type NamedParam } from "./emit-onnx.js";
import type { ImportedLayer, ImportedModel } from "./import-context.js";
import type { ModelProto } from "./proto.js";
import { toInt } from "./proto.js";

const KEYWORDS = new Set(
  (
    "model seed data input dense init loss train on for report regularize cost every bias backward check param " +
    "let activation"
  ).split(" "),
);
const BUILTIN_ACTIVATIONS = new Set(["relu", "sigmoid", "tanh", "linear", "softmax", "leaky_relu"]);

function isName(text: string | undefined): text is string {
  return text !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(text) && !KEYWORDS.has(text);
}

function metadata(model: ModelProto, key: string): string | undefined {
  return model.metadata_props?.find((p) => p.key === key)?.value;
}

export interface SpecParts {
  model: ModelProto;
  file: string;
  paramsFile: string;
  specFile: string;
  inputName: string;
  inputs: number;
  layers: ImportedLayer[];
  params: NamedParam[];
}

function baseName(file: string): string {
  return file.replace(/^.*[\\/]/, "").replace(/\.[^.]*$/, "");
}

export function specText(parts: SpecParts): ImportedModel {
  const { model, file, layers } = parts;
  const fromFile = baseName(file).replace(/\W+/g, "_").replace(/^(\d)/, "m$1");
  const name = [metadata(model, METADATA.model), fromFile, model.graph?.name].find(isName) ?? "imported";
  const used = new Set<string>();
  const unique = (wanted: string | undefined, fallback: string): string => {
    let chosen = isName(wanted) && !used.has(wanted) ? wanted : fallback;
    for (let k = 2; used.has(chosen); k++) chosen = `${fallback}_${k}`;
    used.add(chosen);
    return chosen;
  };
  const input = unique(parts.inputName, "x");
  const activations = new Map<string, string>(); // formula → name
  const definitions: string[] = [];
  const denses = layers.map((layer, i) => {
    const last = i === layers.length - 1;
    const layerName = unique(layer.name, last ? "out" : `h${i + 1}`);
    let activation: string;
    if (layer.activation.kind === "builtin") activation = layer.activation.text;
    else {
      const formula = layer.activation.formula;
      if (!activations.has(formula)) {
        const wanted = layer.activation.name;
        const fresh = unique(
          wanted && !BUILTIN_ACTIVATIONS.has(wanted) ? wanted : undefined,
          `act${activations.size + 1}`,
        );
        activations.set(formula, fresh);
        definitions.push(`activation ${fresh}(z) = ${formula}`);
      }
      activation = activations.get(formula)!;
    }
    return `dense ${layerName}[${layer.units}] ${activation}`;
  });
  const data = metadata(model, METADATA.data);
  const training = metadata(model, METADATA.train);
  const outputs = layers[layers.length - 1].units;
  const labels = Array.from({ length: 8 }, (_, j) => j % Math.min(outputs === 1 ? 2 : outputs, 2)).join(", ");
  const placeholder = data === undefined || training === undefined;
  const producer = [model.producer_name, model.producer_version].filter(Boolean).join(" ") || "an unnamed producer";
  const opset = toInt(model.opset_import?.find((o) => !o.domain || o.domain === "ai.onnx")?.version);
  const lines = [
    `# Imported by \`nnc import\` from ${baseName(file)}.onnx (written by ${producer}, ` +
      `ONNX IR version ${toInt(model.ir_version)}, opset ${opset}).`,
    `# The weights are in ${parts.paramsFile}: ` +
      `nnc predict --params ${parts.paramsFile} ${parts.specFile} ${placeholder ? "inputs" : "DATA"}`,
    `model ${name} {`,
    ...(placeholder
      ? [
          "# ONNX keeps no data and no training settings: this data set and the train line are",
          "# placeholders that make the model complete. Replace them with your own.",
          `data inputs = randn(features: ${parts.inputs}, samples: 8, labels: [[${labels}]], seed: 1)`,
        ]
      : data.split("\n")),
    "",
    ...(definitions.length ? [...definitions, ""] : []),
    `input ${input}[${parts.inputs}]`,
    ...denses,
    "",
    ...(placeholder
      ? ["loss cross_entropy", "train gd(learning_rate: 0.01) on inputs for 100 iterations, report cost every 10"]
      : training.split("\n")),
    "}",
  ];
  const raw = `${lines.join("\n")}\n`;
  const formatted = formatNnspec(raw).text;
  return { spec: formatted ?? raw, params: parts.params, model: name };
}
