// `nnc playground [--port N]`: serves the playground (dist/playground/, made by `npm run
// build:playground`) on 127.0.0.1 and prints its URL. Only that folder's files are served; the page
// itself loads nothing else. A checkout without the folder builds it when esbuild is there.
import { createServer, type Server } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, join, normalize, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { usageError, type Command, type IO } from "./command.js";

/** The package's root: the nearest folder above this module with a package.json (dist/cli/… or cli/). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".png": "image/png",
  ".woff2": "font/woff2",
};

/** The folder to serve, built first when it is missing and the build script can run here. */
async function playgroundFolder(io: IO): Promise<string> {
  const root = packageRoot();
  const folder = join(root, "dist/playground");
  if (existsSync(join(folder, "index.html"))) return folder;
  const script = join(root, "scripts/build-playground.mjs");
  if (!existsSync(script)) {
    usageError(`the playground is not built: ${folder} is missing`, "run `npm run build:playground` in nnc's folder");
  }
  io.err(`building the playground into ${folder} …`);
  try {
    const { buildPlayground } = (await import(pathToFileURL(script).href)) as { buildPlayground(): Promise<unknown> };
    await buildPlayground();
  } catch (error) {
    usageError(`the playground could not be built: ${String(error)}`, "run `npm run build:playground` in nnc's folder");
  }
  return folder;
}

/** Serves `folder` on 127.0.0.1:port (0: a free port); resolves with the server once it listens. */
export function servePlayground(folder: string, port: number): Promise<Server> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    const file = normalize(join(folder, path.endsWith("/") ? `${path}index.html` : path));
    if (!file.startsWith(folder + sep) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    response.end(readFileSync(file));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

export const playground: Command = {
  usage: "[--port N]",
  description:
    "Serves the playground on 127.0.0.1 and prints its URL: an editor with the compiler's diagnostics,\n" +
    "training in the page (cost curve, decision boundary), the derivation, the gradient check, one\n" +
    "iteration's numbers, and a Share link that holds the model. The page loads nothing from the\n" +
    "network; the file it serves, dist/playground/index.html in nnc's folder, also works opened from\n" +
    "disk. Ctrl-C stops the server.",
  positionals: [0, 0],
  options: {
    port: { type: "string", argName: "N", help: "Listen on port N (default: a free port)" },
  },
  run(_positionals, options, io) {
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once("SIGINT", stop);
    return runPlayground(options.port as string | undefined, io, controller.signal).finally(() =>
      process.off("SIGINT", stop),
    );
  },
};

/** Builds the folder when needed, serves it and prints the URL, until `signal` aborts. */
export async function runPlayground(portText: string | undefined, io: IO, signal: AbortSignal): Promise<number> {
  const port = portText === undefined ? 0 : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    usageError(`--port needs a port number from 0 to 65535, got '${String(portText)}'`, "for example --port 8080");
  }
  const folder = await playgroundFolder(io);
  const server = await servePlayground(folder, port).catch((error: Error) =>
    usageError(`cannot listen on 127.0.0.1:${port}: ${error.message}`, "choose another port with --port N"),
  );
  const address = server.address();
  const listening = typeof address === "object" && address ? address.port : port;
  io.out(`nnc playground: http://127.0.0.1:${listening}/ (Ctrl-C to stop)`);
  await new Promise<void>((done) => {
    if (signal.aborted) done();
    else signal.addEventListener("abort", () => done(), { once: true });
  });
  await new Promise((closed) => server.close(closed));
  return 0;
}
