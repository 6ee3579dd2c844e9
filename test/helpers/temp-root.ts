// Vitest's global set-up: every test's scratch folders (made with mkdtemp under os.tmpdir()) go
// into one folder for the run, removed when the run ends, so a run leaves nothing in the machine's
// temporary folder (before this, each run left about a hundred nnc-* folders there). Test
// processes start after this runs and inherit TMPDIR.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const machineTemp = tmpdir();
  const root = mkdtempSync(join(machineTemp, "nnc-test-run-"));
  const before = process.env.TMPDIR;
  // scripts/chromium.mjs unpacks the packaged browser there, once for every run.
  process.env.NNC_MACHINE_TMPDIR = machineTemp;
  process.env.TMPDIR = root;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(root, { recursive: true, force: true });
  };
}
