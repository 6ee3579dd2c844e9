import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without type declarations
import { buildRailroadHtml } from "../scripts/gen-railroad.mjs";
import { parser } from "./parser.js";
import { AdditiveOperator, ComparisonOperator, MultiplicativeOperator, allTokens } from "./tokens.js";

describe("spec/railroad.html", () => {
  const page = readFileSync(new URL("../spec/railroad.html", import.meta.url), "utf8");

  it("matches the grammar (regenerate with scripts/gen-railroad.mjs)", () => {
    expect(page).toBe(buildRailroadHtml(parser.getSerializedGastProductions()));
  });

  it("is self-contained: no script or stylesheet is fetched from elsewhere", () => {
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
  });
});

describe("operator categories", () => {
  // A category (MultiplicativeOperator) is drawn in the railroad page and named in messages by its
  // label, so the label must list every operator of the category: `.*` and `./` were once missing.
  const categories = [ComparisonOperator, AdditiveOperator, MultiplicativeOperator];
  it.each(categories.map((c) => [c.name, c] as const))("%s's label lists each of its operators", (_, category) => {
    const members = allTokens.filter((t) => t.CATEGORIES?.includes(category));
    expect(members.length).toBeGreaterThan(1);
    for (const member of members) expect(category.LABEL!.split(" "), member.name).toContain(member.LABEL);
  });

  it("the page shows the element-wise products among the products", () => {
    const page = readFileSync(new URL("../spec/railroad.html", import.meta.url), "utf8");
    const products = /"name": "MultiplicativeOperator",\s*"label": "([^"]*)"/.exec(page)?.[1];
    expect(products).toBe("'*' '/' '.*' './'");
  });
});
