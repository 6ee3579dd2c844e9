// The playground page: an editor for a .nnspec model, Run (training in a Web Worker, live cost
// curve and decision boundary), the teaching panes (derivation, gradient check, shapes), data files
// from disk, a share link holding the model, and downloads of the model and of its report.
import type { EditorView } from "@codemirror/view";
import { compileSource } from "../compiler/front-end.js";
import type { ModelIR } from "../contracts/ir.js";
import { renderDiagnostic } from "../contracts/render-diagnostic.js";
import type { Diagnostic } from "../contracts/diagnostic.js";
import { createEditor, highlightLines, setText } from "./editor.js";
import { formatDocument } from "./language-bridge.js";
import { bundledData, examples } from "./examples.js";
import type { FromWorker, ModelJob } from "./protocol.js";
import { decodeState, encodeState } from "./share.js";
import { checkHtml, derivationHtml, shapesHtml } from "./teaching.js";
import { JobWorker } from "./trainer.js";
import { NumbersPane } from "./numbers-pane.js";
import { TrainingView } from "./training-view.js";

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const status = $("status");
const userFiles: Record<string, Uint8Array> = {};
let file = "init-he.nnspec";
let pane = "derivation";
let ir: ModelIR | undefined;
let started = 0;

function say(text: string, error = false): void {
  status.textContent = text;
  status.classList.toggle("error", error);
}

function sayDiagnostics(diagnostics: Diagnostic[], fallback?: string): void {
  const text = diagnostics.map((d) => renderDiagnostic(d, view.state.doc.toString())).join("\n");
  say(text || fallback || "failed", true);
}

function job(): ModelJob {
  return { text: view.state.doc.toString(), file, files: { ...bundledData, ...userFiles } };
}

const training = new TrainingView(
  $<HTMLCanvasElement>("cost-curve"),
  $<HTMLCanvasElement>("boundary"),
  $("cost-lines"),
  $("accuracy"),
);

function onTrainer(message: FromWorker): void {
  switch (message.type) {
    case "started":
      training.start(message.iterations, message.unit, message.points);
      return;
    case "history":
      return training.addHistory(message.points);
    case "cost":
      return training.addCost(message.line);
    case "progress":
      return say(`training: ${message.iteration} of ${message.total}`);
    case "boundary":
      return training.drawBoundary(message.picture);
    case "done": {
      training.finish(message.accuracy);
      const wall = (performance.now() - started) / 1000;
      say(`trained in ${message.seconds.toFixed(2)} s (${message.engine} code; ${wall.toFixed(2)} s with compiling)`);
      document.body.dataset.trainSeconds = String(message.seconds);
      return setRunning(false);
    }
    case "failed":
      setRunning(false);
      return sayDiagnostics(message.diagnostics, message.message);
  }
}

function onHelper(message: FromWorker): void {
  if (message.type === "checked") {
    $("pane-check").innerHTML = checkHtml(message.check);
    const line = message.check.firstWrong?.at?.line;
    highlightLines(view, line ? [line] : [], "cm-wrong-line");
  } else if (message.type === "report") {
    download(`${file.replace(/\.nnspec$/, "")}-report.html`, message.html, "text/html");
    say("report downloaded");
  } else if (message.type === "failed") {
    if (message.job === "check") $("pane-check").textContent = "The gradient check could not run (see below).";
    sayDiagnostics(message.diagnostics, message.message);
  }
}

const trainer = new JobWorker(onTrainer);
const helper = new JobWorker(onHelper);
const numbersPane = new NumbersPane($("pane-numbers"), (lines) => highlightLines(view, lines, "cm-step-line", true));
const numbersWorker = new JobWorker((message) => {
  if (message.type === "numbers") numbersPane.show(message.numbers);
  else if (message.type === "failed") sayDiagnostics(message.diagnostics, message.message);
});

function showNumbers(): void {
  const example = Number($<HTMLInputElement>("numbers-example").value) || 0;
  const iteration = Number($<HTMLInputElement>("numbers-iteration").value) || 0;
  numbersWorker.send({ type: "numbers", example, iteration, ...job() });
}

function setRunning(running: boolean): void {
  $<HTMLButtonElement>("run").disabled = running;
  $<HTMLButtonElement>("stop").disabled = !running;
  document.body.dataset.running = String(running);
}

function run(): void {
  if (!ir) return say("The model has errors: fix the underlined ones first.", true);
  const every = Math.max(100, Math.round(ir.train.iterations / 50 / 100) * 100);
  started = performance.now();
  setRunning(true);
  say("compiling and loading data…");
  trainer.send({ type: "run", boundaryEvery: every, ...job() });
}

/** Recompiles the model: the derivation and shapes panes, the check when shown, the share link. */
function refresh(): void {
  const text = view.state.doc.toString();
  history.replaceState(null, "", encodeState({ file, text, pane }));
  const compiled = compileSource(text, file);
  ir = compiled.ir;
  if (!ir) return;
  try {
    $("pane-derivation").innerHTML = derivationHtml(ir);
    $("pane-shapes").innerHTML = shapesHtml(ir);
  } catch (error) {
    $("pane-derivation").textContent = `No derivation: ${String(error)}`;
  }
  if (pane === "check") helper.send({ type: "check", ...job() });
  if (pane === "numbers") showNumbers();
  litSteps(view.state.doc.lineAt(view.state.selection.main.head).number);
}

let refreshTimer: ReturnType<typeof setTimeout> | undefined;
function refreshSoon(): void {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(refresh, 250);
}

/** The cursor on a layer's line lights the derivation's steps that come from it. */
function litSteps(line: number): void {
  for (const item of document.querySelectorAll<HTMLElement>("#pane-derivation li[data-line]")) {
    item.classList.toggle("lit", item.dataset.line!.split(" ").includes(String(line)));
  }
}

function showPane(name: string): void {
  pane = name;
  for (const button of document.querySelectorAll<HTMLElement>("#panes button")) {
    button.classList.toggle("active", button.dataset.pane === name);
  }
  for (const element of document.querySelectorAll<HTMLElement>(".pane")) element.hidden = element.id !== `pane-${name}`;
  if (name === "numbers") showNumbers();
  if (name === "check") {
    $("pane-check").textContent = "checking the gradients…";
    helper.send({ type: "check", ...job() });
  }
  history.replaceState(null, "", encodeState({ file, text: view.state.doc.toString(), pane }));
}

function download(name: string, content: string, type: string): void {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([content], { type }));
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

function openExample(name: string): void {
  const example = examples.find((e) => e.name === name);
  if (!example) return;
  file = name;
  setText(view, example.text);
  refresh();
}

const shared = decodeState(location.hash);
const first = examples.find((e) => e.name === (shared?.file ?? file)) ?? examples[0];
file = shared?.file ?? first.name;
const view: EditorView = createEditor({
  parent: $("editor"),
  text: shared?.text ?? first.text,
  file: () => file,
  onChange: refreshSoon,
  onCursorLine: litSteps,
});

const select = $<HTMLSelectElement>("examples");
for (const e of examples) select.add(new Option(e.name, e.name, false, e.name === file));
select.addEventListener("change", () => openExample(select.value));
$("run").addEventListener("click", run);
$("stop").addEventListener("click", () => {
  trainer.stop();
  setRunning(false);
  say("stopped");
});
$("format").addEventListener("click", () => {
  if (!formatDocument(view, file)) say("nnc fmt formats a model without syntax errors: fix the underlined ones.", true);
});
$("share").addEventListener("click", () => {
  const url = location.href.split("#")[0] + encodeState({ file, text: view.state.doc.toString(), pane });
  void navigator.clipboard?.writeText(url).then(
    () => say("link copied: it holds the model and this view"),
    () => say(url),
  );
});
$("download-model").addEventListener("click", () => download(file, view.state.doc.toString(), "text/plain"));
$("download-report").addEventListener("click", () => {
  say("training and building the report…");
  helper.send({ type: "report", ...job() });
});
$<HTMLInputElement>("data-files").addEventListener("change", async (event) => {
  for (const chosen of (event.target as HTMLInputElement).files ?? []) {
    const bytes = new Uint8Array(await chosen.arrayBuffer());
    // A model names its files by path (`data/train.h5`); a chosen file answers to its name in either place.
    userFiles[chosen.name] = bytes;
    userFiles[`data/${chosen.name}`] = bytes;
  }
  $("held-files").textContent = Object.keys(userFiles)
    .filter((p) => !p.startsWith("data/"))
    .join(", ");
});
for (const button of document.querySelectorAll<HTMLElement>("#panes button")) {
  button.addEventListener("click", () => showPane(button.dataset.pane!));
}
$("pane-derivation").addEventListener("click", (event) => {
  const item = (event.target as HTMLElement).closest<HTMLElement>("li[data-line]");
  const lines = item?.dataset.line?.split(" ").filter(Boolean).map(Number) ?? [];
  highlightLines(view, lines, "cm-step-line", true);
});
$("pane-check").addEventListener("click", (event) => {
  const line = Number((event.target as HTMLElement).closest<HTMLElement>(".first-wrong")?.dataset.line);
  if (line) highlightLines(view, [line], "cm-wrong-line", true);
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) run();
});
$("numbers-show").addEventListener("click", showNumbers);
$("numbers-back").addEventListener("click", () => numbersPane.step(-1));
$("numbers-next").addEventListener("click", () => numbersPane.step(1));
$("pane-numbers").addEventListener("keydown", (event) => {
  if (event.key === "ArrowLeft" || event.key === "ArrowRight") numbersPane.step(event.key === "ArrowLeft" ? -1 : 1);
});
setRunning(false);
if (shared) showPane(shared.pane);
refresh();
Object.assign(window, { playground: { view, run, showPane } });
