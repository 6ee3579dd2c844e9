// The constants the generated SIMD code writes beyond runtime/wasm/binary.ts's builder.
import type { FunctionBuilder } from "../runtime/wasm/binary.js";

export function f64Const(b: FunctionBuilder, value: number): void {
  b.op(0x44, ...new Uint8Array(Float64Array.of(value).buffer));
}

export function pairConst(b: FunctionBuilder, value: number): void {
  b.simd(0x0c, ...new Uint8Array(Float64Array.of(value, value).buffer));
}
