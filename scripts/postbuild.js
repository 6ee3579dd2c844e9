// After tsc: make the `nnc` executable runnable directly (tsc does not keep file modes).
import { chmodSync } from "node:fs";

chmodSync(new URL("../dist/cli/nnc.js", import.meta.url), 0o755);
