import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without type declarations
import { buildRailroadHtml } from "../scripts/gen-railroad.mjs";
import { parser } from "./parser.js";

describe("spec/railroad.html", () => {
  const page = readFileSync(new URL("../spec/railroad.html", import.meta.url), "utf8");

  it("matches the grammar (regenerate with scripts/gen-railroad.mjs)", () => {
    expect(page).toBe(buildRailroadHtml(parser.getSerializedGastProductions()));
  });

  it("is self-contained: no script or stylesheet is fetched from elsewhere", () => {
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
  });
});
