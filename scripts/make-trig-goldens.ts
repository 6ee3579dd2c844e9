// Writes test/golden/data/fdlibm-trig.json from Node 20's own Math.sin and Math.cos (V8 11.3 runs
// fdlibm's), and checks runtime/data/fdlibm-trig.ts against them on millions more inputs first.
// V8 12 and later run other sin and cos, so this refuses to run there.
//
//   npx vite-node scripts/make-trig-goldens.ts [inputs per kind, default 1000000]
import { writeFileSync } from "node:fs";
import { cos, sin } from "../runtime/data/fdlibm-trig.js";
import { linspace } from "../runtime/data/synthetic.js";

if (!process.versions.v8.startsWith("11.")) {
  console.error(`V8 ${process.versions.v8}: Math.sin is not fdlibm's here; run this with Node 20 (V8 11)`);
  process.exit(1);
}

let state = 987654321;
const uniform = () => {
  state = (Math.imul(state, 1103515245) + 12345) >>> 0;
  return state / 2 ** 32;
};
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
/** Any double from 2^-32 to 2^20 · π/2 in magnitude, its bits drawn uniformly. */
const anyBits = () => {
  words[0] = (uniform() * 2 ** 32) >>> 0;
  words[1] = ((Math.floor(uniform() * (0x4139 - 0x3df0)) + 0x3df0) * 65536 + Math.floor(uniform() * 65536)) >>> 0;
  return uniform() < 0.5 ? bits[0] : -bits[0];
};
/** Within a few ulp of n · π/2, where the reduction needs its second and third pieces. */
const nearQuarterTurns = () => {
  bits[0] = (Math.floor(uniform() * 500_000) - 250_000) * (Math.PI / 2);
  words[0] = (words[0] + Math.floor(uniform() * 9) - 4) >>> 0;
  return bits[0];
};
const kinds: Record<string, () => number> = {
  "[0, 2π)": () => uniform() * 2 * Math.PI,
  "(-1000, 1000)": () => (uniform() - 0.5) * 2000,
  "any bits": anyBits,
  "near n·π/2": nearQuarterTurns,
};

const perKind = Number(process.argv[2] ?? 1_000_000);
let mismatches = 0;
for (const [kind, draw] of Object.entries(kinds)) {
  let here = 0;
  for (let i = 0; i < perKind; i++) {
    const x = draw();
    if (!Object.is(sin(x), Math.sin(x)) || !Object.is(cos(x), Math.cos(x))) here++;
  }
  console.log(`${kind}: ${perKind} inputs, ${here} mismatches`);
  mismatches += here;
}
if (mismatches > 0) process.exit(1);

// The goldens: every angle the lessons' circles and moons use, and 500 of each kind above.
const inputs = [
  ...linspace(0, 2 * Math.PI, 150, false),
  ...linspace(0, 2 * Math.PI, 50, false),
  ...linspace(0, Math.PI, 150, true),
  ...linspace(0, Math.PI, 100, true),
  ...Object.values(kinds).flatMap((draw) => Array.from({ length: 500 }, draw)),
];
const golden = { v8: process.versions.v8, x: inputs, sin: inputs.map(Math.sin), cos: inputs.map(Math.cos) };
writeFileSync(new URL("../test/golden/data/fdlibm-trig.json", import.meta.url), `${JSON.stringify(golden)}\n`);
console.log(`wrote ${inputs.length} inputs`);
