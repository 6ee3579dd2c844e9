// The fixed parts of the PyTorch script: starting the processes under torchrun, the summing comm
// hook, the cost lines as `nnc run` prints them, accuracy, `--save`, and main().
import type { ModelIR } from "../contracts/ir.js";
import { outputActivation } from "./pytorch-model.js";

export const DISTRIBUTED = [
  [
    "def start_processes():",
    '    """Under torchrun (WORLD_SIZE > 1) joins the process group: nccl with CUDA, else gloo."""',
    '    world = int(os.environ.get("WORLD_SIZE", "1"))',
    "    cuda = torch.cuda.is_available()",
    '    rank_here = int(os.environ.get("LOCAL_RANK", "0"))',
    '    device = torch.device("cuda", rank_here) if cuda else torch.device("cpu")',
    "    if world == 1:",
    "        return 0, 1, device",
    '    dist.init_process_group("nccl" if cuda else "gloo")',
    "    return dist.get_rank(), world, device",
  ],
  [
    "def allreduce_sum(process_group, bucket):",
    '    """DDP comm hook: the gradients SUMMED over the processes (DDP\'s default hook averages them)."""',
    "    work = dist.all_reduce(bucket.buffer(), group=process_group, async_op=True)",
    "    return work.get_future().then(lambda done: done.value()[0])",
  ],
  [
    "def total(cost, world):",
    '    """The cost summed over the processes (each holds its share of it), as a Python float."""',
    "    cost = cost.detach().clone()",
    "    if world > 1:",
    "        dist.all_reduce(cost)",
    "    return cost.item()",
  ],
];

export const COST_LOG = [
  "class CostLog:",
  '    """The cost lines `nnc run` prints: at 0, every REPORT_EVERY, and the last one if REPORT_LAST."""',
  "",
  "    def __init__(self, iterations, printing):",
  "        self.iterations, self.printing = iterations, printing",
  "        self.costs, self.shown_rate = [], LEARNING_RATE",
  "",
  "    def wants(self, i):",
  "        every = REPORT_EVERY > 0 and i % REPORT_EVERY == 0",
  "        return every or (REPORT_LAST and i == self.iterations - 1)",
  "",
  "    def record(self, i, cost, rate=None):",
  "        if not self.wants(i):",
  "            return",
  '        point = {UNIT: i, "cost": cost}',
  "        if rate is not None:",
  '            point["learning_rate"] = rate',
  "        self.costs.append(point)",
  "        if self.printing:",
  "            changed = rate is not None and rate != self.shown_rate",
  "            self.shown_rate = self.shown_rate if rate is None else rate",
  '            note = f" (learning rate {rate!r})" if changed else ""',
  '            print(f"Cost after {UNIT} {i}: {cost!r}{note}", flush=True)',
];

export function accuracyFunction(ir: ModelIR): string[] {
  const classes = ir.layers[ir.layers.length - 1].units === 1 ? "(out[:, 0] > 0.5).double()" : "out.argmax(dim=1)";
  return [
    "def accuracy(model, data):",
    '    """The fraction of examples whose predicted class is the label (output > 0.5, or the argmax)."""',
    "    X, y = data",
    "    with torch.no_grad():",
    `        out = ${outputActivation(ir, "model(X)")}`,
    `    return int((${classes} == y).sum()) / len(y)`,
  ];
}

export const SAVE_PARAMETERS = [
  "def save_parameters(model, file):",
  '    """--save: the parameters as `nnc run --save` writes them, for `nnc predict --params`."""',
  "    state = model.state_dict()",
  "    params = []",
  "    for name, key in PARAMETERS.items():",
  "        value = state[key].cpu().numpy().reshape(len(state[key]), -1)",
  '        params.append({"name": name, "shape": list(value.shape), "data": value.reshape(-1).tolist()})',
  '    temporary = f"{file}.{os.getpid()}.tmp"',
  '    with open(temporary, "w") as out:',
  '        json.dump({"nnc_params": 1, "model": MODEL, "params": params}, out)',
  '        out.write("\\n")',
  "    os.replace(temporary, file)",
];

export const MAIN = [
  "def main():",
  "    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])",
  '    parser.add_argument("--iterations", type=int, default=ITERATIONS, help=f"{UNIT}s to train")',
  '    parser.add_argument("--json", action="store_true", help="print one JSON document, as nnc run --json")',
  '    parser.add_argument("--save", metavar="FILE", help="write the trained parameters, as nnc run --save")',
  "    args = parser.parse_args()",
  "    rank, world, device = start_processes()",
  "    # The model's stream: the data sets without a seed of their own draw from it, then the weights.",
  "    stream = np.random.RandomState(SEED)",
  "    data = {",
  "        name: (torch.from_numpy(X).to(device), torch.from_numpy(y).to(device))",
  "        for name, (X, y) in load_data(stream).items()",
  "    }",
  "    model = Network()",
  "    with torch.no_grad():",
  "        state = model.state_dict()",
  "        for name, value in draw_parameters(stream):",
  "            target = state[PARAMETERS[name]]",
  "            target.copy_(torch.from_numpy(value).reshape(target.shape))",
  "    model.to(device)",
  "    network = model",
  "    if world > 1:",
  '        ids = [device] if device.type == "cuda" else None',
  "        network = DistributedDataParallel(model, device_ids=ids)",
  "        network.register_comm_hook(None, allreduce_sum)",
  "    log = CostLog(args.iterations, printing=rank == 0 and not args.json)",
  "    started = time.perf_counter()",
  "    early_stop = train(model, network, data, args.iterations, rank, world, log, stream)",
  "    accuracies = {name: accuracy(model, data[name]) for name in ACCURACY_ON}",
  "    seconds = time.perf_counter() - started",
  "    if rank == 0:",
  "        if args.json:",
  '            doc = {"model": MODEL, "costs": log.costs, "accuracy": accuracies}',
  "            if early_stop is not None:",
  '                doc["early_stop"] = early_stop',
  '            print(json.dumps({**doc, "seconds": seconds}, indent=2))',
  "        else:",
  "            if early_stop is not None:",
  "                how = (",
  "                    f\"stopped after iteration {early_stop['iterations']}\"",
  '                    if early_stop["stopped"]',
  "                    else f\"ran all {early_stop['iterations']} iterations\"",
  "                )",
  "                print(",
  "                    f\"Early stopping: {how}; kept the parameters of iteration {early_stop['bestIteration']} \"",
  "                    f\"({early_stop['metric']} on {early_stop['data']}: {early_stop['best']!r})\"",
  "                )",
  "            for name, value in accuracies.items():",
  '                print(f"Accuracy on {name}: {value!r}")',
  "        if args.save:",
  "            save_parameters(model, args.save)",
  "    if world > 1:",
  "        # Every process past its last all-reduce before any leaves: without it, one that left",
  "        # early could close its connections under another still waiting for them (seen with gloo).",
  "        dist.barrier()",
  "        dist.destroy_process_group()",
  "",
  "",
  'if __name__ == "__main__":',
  "    main()",
];

/** The helpers train() and main() use: processes, the summing hook, the cost log, accuracy, saving. */
export function supportSections(ir: ModelIR): string[][] {
  return [...DISTRIBUTED, COST_LOG, accuracyFunction(ir), SAVE_PARAMETERS];
}
