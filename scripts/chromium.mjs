// Headless Chromium for the browser tests and the README's pictures, driven by playwright-core (which
// downloads no browser). The browser comes from @sparticuz/chromium, an npm package that ships the
// binary inside it, so `npm ci && npm test` needs nothing installed by hand; a system chromium is used
// instead where one exists (NNC_CHROMIUM names another). Everything that would reach the network is off.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const SYSTEM_CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

const QUIET_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Which browser runs and with which switches: NNC_CHROMIUM, else a system chromium, else the npm one. */
export async function findChromium() {
  const named = process.env.NNC_CHROMIUM ?? SYSTEM_CHROMIUM.find((path) => existsSync(path));
  if (named) return { executablePath: named, args: ["--headless", ...QUIET_ARGS], source: "system" };
  const { packaged, executablePath } = await unpackedChromium();
  // The packaged build is a headless shell made for serverless hosts; its own switches (single process,
  // software GL) are what it needs to start, ours keep it off the network.
  return { executablePath, args: [...packaged.args, ...QUIET_ARGS], source: "@sparticuz/chromium" };
}

/**
 * The npm package's browser, unpacked (about 200 MB, 2 s) into the temporary folder the first time
 * and found there after. A test run points TMPDIR at a folder of its own, removed when it ends
 * (test/helpers/temp-root.ts), and names the machine's in NNC_MACHINE_TMPDIR: the browser is
 * unpacked there, so not once per run.
 */
async function unpackedChromium() {
  const runTemp = process.env.TMPDIR;
  const machineTemp = process.env.NNC_MACHINE_TMPDIR;
  if (machineTemp) process.env.TMPDIR = machineTemp;
  try {
    const { default: packaged } = await import("@sparticuz/chromium");
    return { packaged, executablePath: await packaged.executablePath() };
  } finally {
    if (runTemp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = runTemp;
  }
}

/** Launches Chromium with a new empty profile; call `close()` when done (it also removes the profile folder). */
export async function launchChromium() {
  const browser = await findChromium();
  const profile = mkdtempSync(join(tmpdir(), "nnc-chromium-"));
  // A persistent context is how Playwright takes a profile folder (it refuses --user-data-dir).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: browser.executablePath,
    headless: true,
    args: browser.args,
  });
  return {
    context,
    source: browser.source,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
