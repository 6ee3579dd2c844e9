// Preloaded with `node --import`: appends to the file $NNC_LOAD_LOG the URL of every module the
// process loads, ES modules through a loader hook as they load, CommonJS files (require) at exit,
// and the files the bundle compiles with their code cache (scripts/bundle-cli.js) as it reads them.
import { subscribe } from "node:diagnostics_channel";
import { appendFileSync } from "node:fs";
import { createRequire, register } from "node:module";
import { pathToFileURL } from "node:url";

const log = process.env.NNC_LOAD_LOG;
register("./record-loads-hook.mjs", import.meta.url, { data: { log } });
subscribe("nnc:code-cached-load", ({ file }) => appendFileSync(log, `${pathToFileURL(file).href}\n`));
const required = createRequire(import.meta.url).cache;
process.on("exit", () => {
  appendFileSync(
    log,
    Object.keys(required)
      .map((file) => `${pathToFileURL(file).href}\n`)
      .join(""),
  );
});
