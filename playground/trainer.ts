// The page's side of the training worker (playground/worker.ts): one worker per job kind, made
// from the worker's bundled source through a Blob URL (a page opened from disk may not start a
// Worker from a file:// URL). Stopping a run terminates its worker; the next run starts a new one.
// @ts-expect-error: a module made by scripts/build-playground.mjs (the worker's bundle, as text)
import workerSource from "nnc:worker-source";
import type { FromWorker, ToWorker } from "./protocol.js";

let workerUrl: string | undefined;

function startWorker(onMessage: (message: FromWorker) => void): Worker {
  workerUrl ??= URL.createObjectURL(new Blob([workerSource as string], { type: "text/javascript" }));
  const worker = new Worker(workerUrl);
  worker.onmessage = (event: MessageEvent<FromWorker>) => onMessage(event.data);
  worker.onerror = (event) =>
    onMessage({ type: "failed", job: "run", diagnostics: [], message: event.message || "the worker failed" });
  return worker;
}

/** A worker that runs one job at a time; `send` replaces a job still running (its worker is ended). */
export class JobWorker {
  private worker: Worker | undefined;
  private busy = false;

  constructor(private readonly onMessage: (message: FromWorker) => void) {}

  send(job: ToWorker): void {
    if (this.busy) this.stop();
    this.worker ??= startWorker((message) => {
      if (["done", "checked", "report", "failed"].includes(message.type)) this.busy = false;
      this.onMessage(message);
    });
    this.busy = true;
    this.worker.postMessage(job);
  }

  get running(): boolean {
    return this.busy;
  }

  stop(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.busy = false;
  }
}
