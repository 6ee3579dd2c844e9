// Start-up as a user meets it: whole processes, timed from spawn to exit. `node -e 0` is the floor
// any Node program pays; `nnc --version` and `nnc lint examples/init-he.nnspec` are compared with
// it, and the whole `nnc run examples/init-he.nnspec` (start-up, compile, 15000 steps, printing)
// with the whole run of the lesson's numpy script (Python start-up, numpy and scikit-learn
// imports, data, 15000 steps), bench/numpy/init_he.py with one repeat. The runs of all commands
// are interleaved, so a change of load falls on all of them; each counts its best. A sixth,
// `nnc run --verbose`, says how long nnc's 15000 steps took, as numpy's script says of its own.
//
//   node bench/run.js --only startup [--repeats 5]
import { spawnSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const NNC = here("../dist/cli/nnc.js");
const MODEL = "examples/init-he.nnspec";

/** What each row runs, and the check that it did its work (a fast failure is not a fast start). */
function commands(python) {
  // Set, these pin OpenBLAS to a slower kernel, which would flatter nnc; removed for numpy only.
  const numpyEnv = { ...process.env };
  delete numpyEnv.OPENBLAS_CORETYPE;
  delete numpyEnv.OPENBLAS_L2_SIZE;
  const rows = [
    { label: "node -e 0", argv: [process.execPath, "-e", "0"], ok: () => true },
    { label: "nnc --version", argv: [process.execPath, NNC, "--version"], ok: (out) => /^nnc \d/.test(out) },
    { label: `nnc lint ${MODEL}`, argv: [process.execPath, NNC, "lint", MODEL], ok: (out) => out.includes(": ok") },
    {
      label: `nnc run ${MODEL}`,
      argv: [process.execPath, NNC, "run", MODEL],
      ok: (out) => out.includes("Accuracy on test"),
    },
    // Not a row: the same run saying how long its 15000 steps took, to split the row's time.
    {
      label: `nnc run --verbose ${MODEL}`,
      argv: [process.execPath, NNC, "run", "--verbose", MODEL],
      ok: (out) => out.includes("Accuracy on test"),
      training: (_, err) => Number(/trained in ([\d.]+) s/.exec(err)?.[1]),
    },
  ];
  if (python) {
    rows.push({
      label: "numpy: python3 bench/numpy/init_he.py 1",
      argv: [python, here("./numpy/init_he.py"), "1"],
      env: numpyEnv,
      ok: (out) => out.includes('"train_accuracy"'),
      training: (out) => JSON.parse(out).best,
    });
  }
  return rows;
}

/** One run of a row: its seconds, and the seconds of training it reports, if it reports them. */
function timeOnce(row) {
  const start = performance.now();
  const options = { cwd: here(".."), env: row.env ?? process.env, encoding: "utf8" };
  const result = spawnSync(row.argv[0], row.argv.slice(1), options);
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0 || !row.ok(result.stdout)) {
    const why = (result.stderr || result.stdout).trim().split("\n").pop();
    throw new Error(`${row.label} failed (exit ${result.status}): ${why}`);
  }
  return { seconds, training: row.training?.(result.stdout, result.stderr) };
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(", ");

/** Times every row `repeats` times, interleaved; prints each best and its ratio to its reference. */
export function benchStartup(python, repeats, log) {
  const all = commands(python);
  const before = load();
  const results = all.map(() => []);
  for (let round = 0; round < repeats; round++) all.forEach((row, i) => results[i].push(timeOnce(row)));
  const after = load();
  const bestTraining = (i) => (i < 0 ? undefined : Math.min(...results[i].map((x) => x.training)));
  const nncTraining = bestTraining(all.findIndex((row) => row.training && row.label.startsWith("nnc")));
  const numpyTraining = bestTraining(all.findIndex((row) => row.training && row.label.startsWith("numpy")));
  const shown = all.map((row, i) => i).filter((i) => !all[i].label.includes("--verbose"));
  const rows = shown.map((i) => all[i]);
  const times = shown.map((i) => results[i].map((x) => x.seconds));
  const best = times.map((t) => Math.min(...t));
  const [node, version, lint, run, numpy] = best;
  log(`\nStart-up: each command as a whole process, best of ${repeats}, interleaved`);
  log(`  load average ${before} before, ${after} after (1, 5, 15 minutes; ${cpus().length} cores)`);
  const width = Math.max(...rows.map((r) => r.label.length));
  const ratio = (value, reference, name, goal) =>
    `${(value / reference).toFixed(2)}× ${name} ` + `(goal: at most ${goal}×)`;
  const notes = [
    "",
    ratio(version, node, "node -e 0", 2),
    ratio(lint, node, "node -e 0", 5),
    numpy === undefined
      ? "numpy skipped: /usr/bin/python3 with numpy and scikit-learn is not available"
      : ratio(run, numpy, "numpy's script", 0.3),
    "",
  ];
  rows.forEach((row, i) => {
    const runs = times[i].map((s) => s.toFixed(3)).join(", ");
    log(`  ${row.label.padEnd(width)}  ${best[i].toFixed(3)} s  ${notes[i].padEnd(44)} (runs: ${runs})`);
  });
  const numpySteps = numpyTraining === undefined ? "" : `, numpy's model() ${numpyTraining.toFixed(3)} s (its JSON)`;
  log(`  of which the 15000 steps: nnc ${nncTraining.toFixed(3)} s (\`trained in\`, nnc run --verbose)${numpySteps}`);
  return { best: Object.fromEntries(rows.map((row, i) => [row.label, best[i]])), load: { before, after } };
}
