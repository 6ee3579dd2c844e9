// The few instructions the generated SIMD code writes beyond runtime/wasm/binary.ts's builder:
// constants, lane moves and the SIMD prefix.
import { uleb, type FunctionBuilder } from "../runtime/wasm/binary.js";

export function f64Const(b: FunctionBuilder, value: number): void {
  b.op(0x44, ...new Uint8Array(Float64Array.of(value).buffer));
}

export function pairConst(b: FunctionBuilder, value: number): void {
  b.op(0xfd, 0x0c, ...new Uint8Array(Float64Array.of(value, value).buffer));
}

/** A SIMD instruction: the 0xfd prefix, its opcode (LEB128) and immediates. */
export const simd = (b: FunctionBuilder, opcode: number, ...immediates: number[]) =>
  void b.op(0xfd, ...uleb(opcode), ...immediates);

export const splat = (b: FunctionBuilder) => simd(b, 0x14);
export const extractLane = (b: FunctionBuilder, lane: number) => simd(b, 0x21, lane);
export const replaceLane = (b: FunctionBuilder, lane: number) => simd(b, 0x22, lane);
