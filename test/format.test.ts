import { describe, expect, it } from "vitest";
import { pythonRepr } from "../cli/python-repr.js";

// Expected strings are what CPython 3.11 prints for repr(float(x)).
describe("pythonRepr prints numbers as the lessons' Python does", () => {
  it.each([
    [0.8830537463419761, "0.8830537463419761"],
    [0.07357895962677363, "0.07357895962677363"],
    [0.96, "0.96"],
    [1, "1.0"],
    [0.5, "0.5"],
    [1e-5, "1e-05"],
    [2.919335883291695e-10, "2.919335883291695e-10"],
    [0.0001, "0.0001"],
    [123456789012345.6, "123456789012345.6"],
    [1e16, "1e+16"],
    [-0.25, "-0.25"],
    [0, "0.0"],
    [Infinity, "inf"],
    [-Infinity, "-inf"],
    [NaN, "nan"],
    [15000, "15000.0"],
  ])("%s → %s", (x, expected) => {
    expect(pythonRepr(x)).toBe(expected);
  });
});
