// After tsc: make the `nnc` executable runnable directly (tsc does not keep file modes), and link
// it as node_modules/.bin/nnc, the place npm puts a dependency's commands, so that the project's
// own checkout runs `nnc` the way an installed copy does (npx finds it without a lookup, and
// tools that expect node_modules/.bin/nnc find it).
import { chmodSync, existsSync, lstatSync, mkdirSync, symlinkSync, unlinkSync } from "node:fs";

const executable = new URL("../dist/cli/nnc.js", import.meta.url);
chmodSync(executable, 0o755);

const bin = new URL("../node_modules/.bin/", import.meta.url);
if (existsSync(new URL("../node_modules/", import.meta.url))) {
  mkdirSync(bin, { recursive: true });
  const link = new URL("nnc", bin);
  try {
    if (lstatSync(link).isSymbolicLink()) unlinkSync(link);
  } catch {
    // no link yet
  }
  if (!existsSync(link)) symlinkSync("../../dist/cli/nnc.js", link);
}
