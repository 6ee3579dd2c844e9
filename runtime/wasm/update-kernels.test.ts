// Adam's update on WebAssembly SIMD gives adam.ts's JavaScript update to the bit, step after step,
// on parameter sizes odd and even (an odd one's last weight shares its f64x2 with the padding);
// the arena's arrays are views of one memory and start at zero; other optimizers keep JavaScript.
import { expect, test } from "vitest";
import { adam } from "../optimizers/adam.js";
import { updateArena } from "./update-kernels.js";

const settings = { learning_rate: 0.0007, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

test("a hundred Adam steps on three parameters give the JavaScript update's bits", () => {
  const sizes = [7, 20, 1];
  const arena = updateArena("adam", sizes)!;
  expect(arena).not.toBeNull();
  expect(arena.params.map((p) => p.length)).toEqual(sizes);
  expect(arena.state.every(([v, s]) => v.every((x) => x === 0) && s.every((x) => x === 0))).toBe(true);
  const params = sizes.map((size, p) => Float64Array.from({ length: size }, (_, e) => Math.sin(3 * p + e) / 2));
  const state = sizes.map((size) => [new Float64Array(size), new Float64Array(size)]);
  params.forEach((p, i) => arena.params[i].set(p));
  for (let t = 1; t <= 100; t++) {
    const lr = 0.0007 / (1 + 0.01 * t);
    sizes.forEach((size, p) => {
      // Gradients of every sign and size, a zero and a tiny one among them.
      const g = Float64Array.from({ length: size }, (_, e) =>
        e === 2 ? 0 : Math.cos(t * (e + 1) + p) * 10 ** ((e % 5) - 3),
      );
      arena.gradients[p].set(g);
      adam.update(params[p], g, state[p], lr, settings, t);
      arena.update(p, lr, settings, t);
    });
  }
  sizes.forEach((_, p) => {
    expect(Array.from(arena.params[p]).every((x, e) => Object.is(x, params[p][e]))).toBe(true);
    expect(Array.from(arena.state[p][0]).every((x, e) => Object.is(x, state[p][0][e]))).toBe(true);
    expect(Array.from(arena.state[p][1]).every((x, e) => Object.is(x, state[p][1][e]))).toBe(true);
  });
  // The weights moved: the comparison above is not between two untouched copies.
  expect(arena.params[1][0]).not.toBe(Math.sin(3) / 2);
});

test("optimizers whose update has one division or none keep the JavaScript update", () => {
  for (const name of ["gd", "momentum", "rmsprop"]) expect(updateArena(name, [3])).toBeNull();
});
