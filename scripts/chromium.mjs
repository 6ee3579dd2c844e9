// Headless Chromium for the report's browser test and the README's pictures: Debian's `chromium`
// driven by playwright-core (no browser download), with a fresh profile and everything that
// would reach the network switched off.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.NNC_CHROMIUM ?? "/usr/bin/chromium";

/** Launches Chromium with a new empty profile; call `close()` when done (it also removes the profile folder). */
export async function launchChromium() {
  const profile = mkdtempSync(join(tmpdir(), "nnc-chromium-"));
  // A persistent context is how Playwright takes a profile folder (it refuses --user-data-dir).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
