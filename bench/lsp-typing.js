// Typing in an editor, measured: the built `nnc lsp --stdio` runs as a process, as an editor starts
// it, and examples/cat-deep.nnspec is typed into an empty document one character at a time, each
// an incremental change (LSP's didChange with a range), the next sent once the diagnostics of the
// last have arrived. Timed: from sending a change to receiving the diagnostics published for its
// version. Nearly every version is a half-written model with errors, which is the case that costs
// most (every stage runs, recovery included). The model's data files (two HDF5 files of cat
// pictures) are never read: the server only compiles.
//
//   node bench/run.js --only lsp        (after npm run build)
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const NNC = here("../dist/cli/nnc.js");
const MODEL = "examples/cat-deep.nnspec";

export async function benchLspTyping(log) {
  const text = readFileSync(here(`../${MODEL}`), "utf8");
  const server = spawn(process.execPath, [NNC, "lsp", "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
  const exited = new Promise((done) => server.on("exit", done));
  const connection = createMessageConnection(
    new StreamMessageReader(server.stdout),
    new StreamMessageWriter(server.stdin),
  );
  let arrived = () => {};
  const published = new Map();
  connection.onNotification("textDocument/publishDiagnostics", (p) => {
    published.set(p.version, p.diagnostics.length);
    arrived();
  });
  connection.listen();
  await connection.sendRequest("initialize", { processId: process.pid, rootUri: null, capabilities: {} });
  await connection.sendNotification("initialized", {});
  const uri = `file://${here(`../${MODEL}`)}`;
  const waitFor = (version) =>
    new Promise((done) => {
      arrived = () => published.has(version) && done();
      arrived();
    });
  await connection.sendNotification("textDocument/didOpen", {
    textDocument: { uri, languageId: "nnspec", version: 1, text: "" },
  });
  await waitFor(1);

  const times = [];
  let line = 0;
  let character = 0;
  let version = 1;
  for (const c of text) {
    version++;
    const at = { line, character };
    const start = performance.now();
    await connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: at, end: at }, text: c }],
    });
    await waitFor(version);
    times.push(performance.now() - start);
    if (c === "\n") {
      line++;
      character = 0;
    } else character += c.length;
  }
  const withErrors = [...published.entries()].filter(([v, n]) => v > 1 && n > 0).length;
  const finalDiagnostics = published.get(version);
  await connection.sendRequest("shutdown");
  await connection.sendNotification("exit");
  const code = await exited;
  connection.dispose();

  const sorted = [...times].sort((a, b) => a - b);
  const quantile = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const ms = (x) => `${x.toFixed(1)} ms`;
  log(`\nTyping ${MODEL} into nnc lsp, ${times.length} changes of one character (${withErrors} with errors)`);
  log(`  change → diagnostics: median ${ms(quantile(0.5))}, p95 ${ms(quantile(0.95))}, worst ${ms(sorted.at(-1))}`);
  const worstAt = times.indexOf(sorted.at(-1));
  const slow = times.filter((t) => t > 20).length;
  log(`  (goal: median under 20 ms, worst under 100 ms); first change ${ms(times[0])}`);
  log(`  the worst was change ${worstAt + 1} of ${times.length}; ${slow} changes took over 20 ms`);
  log(`  load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores while it ran`);
  log(`  the typed file ends with ${finalDiagnostics} diagnostics; server exit code ${code}`);
  return { median: quantile(0.5), p95: quantile(0.95), worst: sorted.at(-1), changes: times.length };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await benchLspTyping((line) => console.log(line));
}
