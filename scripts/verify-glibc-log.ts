// Compares runtime/rng/glibc-log.ts with the C library's log() and fma(), bit for bit, on the
// files scripts/glibc-log-check.c writes (see the usage there). Prints mismatch counts and, for
// scale, how often V8's Math.log disagrees with glibc on the same inputs.
//
//   npx vite-node scripts/verify-glibc-log.ts /tmp/log.bin /tmp/fma.bin
import { readFileSync } from "node:fs";
import { fusedMultiplyAdd, glibcLog } from "../runtime/rng/glibc-log.js";

function sameBits(a: number, b: number): boolean {
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
}

function readDoubles(path: string): Float64Array {
  const bytes = readFileSync(path);
  return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
}

function verifyLog(path: string): boolean {
  const pairs = readDoubles(path);
  let mismatches = 0;
  let mathLogMismatches = 0;
  const count = pairs.length / 2;
  const started = performance.now();
  for (let i = 0; i < pairs.length; i += 2) {
    const x = pairs[i];
    const expected = pairs[i + 1];
    if (!sameBits(glibcLog(x), expected)) {
      if (mismatches < 10) console.log(`log mismatch: x=${x} glibc=${expected} ours=${glibcLog(x)}`);
      mismatches++;
    }
    if (!sameBits(Math.log(x), expected)) mathLogMismatches++;
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `log: ${count} inputs, ${mismatches} mismatches (Math.log: ${mathLogMismatches}), ${seconds.toFixed(1)} s`,
  );
  return mismatches === 0;
}

function verifyFma(path: string): boolean {
  const quads = readDoubles(path);
  let mismatches = 0;
  let unfusedMismatches = 0;
  for (let i = 0; i < quads.length; i += 4) {
    const [a, b, c, expected] = [quads[i], quads[i + 1], quads[i + 2], quads[i + 3]];
    if (!sameBits(fusedMultiplyAdd(a, b, c), expected)) {
      if (mismatches < 10)
        console.log(`fma mismatch: ${a} * ${b} + ${c} = ${expected}, ours ${fusedMultiplyAdd(a, b, c)}`);
      mismatches++;
    }
    if (!sameBits(a * b + c, expected)) unfusedMismatches++;
  }
  console.log(`fma: ${quads.length / 4} triples, ${mismatches} mismatches (a * b + c: ${unfusedMismatches})`);
  return mismatches === 0;
}

const [logPath, fmaPath] = process.argv.slice(2);
let ok = verifyLog(logPath);
if (fmaPath) ok = verifyFma(fmaPath) && ok;
process.exitCode = ok ? 0 : 1;
