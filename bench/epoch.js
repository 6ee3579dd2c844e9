// Mini-batches at scale (`npm run bench -- --only scale`, after the ladder): one epoch of Adam
// (lr 0.0007, batch 64, the optimization lesson's shuffle with seed 10) of the He network
// [2, 10, 5, 1] on 300,000 circles, in nnc (`nnc run`, the loop as --verbose times it), in the
// lesson's numpy code (random_mini_batches and update_parameters_with_adam around its forward and
// backward; bench/numpy/ladder.py circles-adam) and in torch (bench/torch/ladder.py).
import { bestOf, nncRun, pythonHas, pythonRun, ratio, scratch } from "./processes.js";
import { circlesModel } from "./scale.js";

const M = 300000;
const ADAM = "adam(learning_rate: 0.0007, beta1: 0.9, beta2: 0.999, epsilon: 1e-8)";

const model = (epochs) =>
  circlesModel(
    M,
    epochs,
    `${ADAM} on train for ${epochs} epochs, batch 64, shuffle lesson(seed: 10), report cost every 1`,
  );

export function benchEpoch(repeats, log, { epochs = 1 } = {}) {
  const python = pythonHas("numpy", "sklearn");
  const torch = python && pythonHas("torch");
  const folder = scratch();
  try {
    const steps = epochs * Math.ceil(M / 64);
    log(
      `\nAdam on mini-batches of 64, ${M.toLocaleString("en")} circles, ${epochs} epoch(s) ` +
        `(${steps} steps); best of ${repeats}`,
    );
    const nnc = bestOf(repeats, () => nncRun(folder.write("epoch.nnspec", model(epochs))));
    const numpy = python ? pythonRun("numpy", "ladder.py", ["circles-adam", M, epochs, repeats]) : undefined;
    const th = torch ? pythonRun("torch", "ladder.py", ["circles-adam", M, epochs, repeats]) : undefined;
    const seconds = (r) => (r === undefined || r.skipped ? undefined : r.best);
    const shown = (s) => (s === undefined ? "skipped" : `${s.toFixed(3)} s`);
    const cpu = (r) => (r?.cpu === undefined ? "—" : `${r.cpu.toFixed(2)} s`);
    log(
      `  loop: nnc ${nnc.seconds.toFixed(2)} s   numpy ${shown(seconds(numpy))}   torch ${shown(seconds(th))}   ` +
        `nnc/numpy ${ratio(nnc.seconds, seconds(numpy))} (goal: at most 0.5)   ` +
        `nnc/torch ${ratio(nnc.seconds, seconds(th))}`,
    );
    log(`  whole process CPU: nnc ${cpu(nnc)}, numpy ${cpu(numpy)}, torch ${cpu(th)} (start-up and data included)`);
    log(`  last epoch's cost: nnc ${nnc.lastCost}, numpy ${numpy?.last_cost ?? "—"}, torch ${th?.last_cost ?? "—"}`);
    return { nnc: nnc.seconds, numpy: seconds(numpy), torch: seconds(th) };
  } finally {
    folder.remove();
  }
}
