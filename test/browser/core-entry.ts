// What a page would do with nnc's core, bundled by test/browser-core.test.ts for the browser
// platform: compile a model's text, train it through the driver the CLI uses, with its data files
// supplied by the page (held in memory, or fetched beside the page), and hand back what the CLI
// prints. It imports only the browser-safe layers (contracts, grammar, runtime, compiler, drivers).
import { fetchFiles, memoryFiles, type ModelFiles } from "../../contracts/files.js";
import { compileSource } from "../../compiler/front-end.js";
import { trainModel } from "../../drivers/train-model.js";
import { simdProductCount } from "../../runtime/wasm/simd-products.js";

export interface PageRun {
  /** Every error the compiler or a loader gave, as `code: message`. */
  errors: string[];
  costs: Array<{ iteration: number; cost: number }>;
  accuracy: Record<string, number>;
  engine?: string;
  /** Products the run did on the WebAssembly SIMD kernels (0: the JavaScript fallback ran). */
  simdProducts: number;
}

export interface PageFiles {
  /** Files by path relative to the model, as a page holds uploads. */
  memory?: Record<string, number[]>;
  /** Else the URL of the model's folder, to fetch them from. */
  fetchFrom?: string;
}

export async function trainInPage(
  text: string,
  file: string,
  given: PageFiles = {},
  engine: "auto" | "interpreted" = "auto",
): Promise<PageRun> {
  const before = simdProductCount();
  const { ir, diagnostics } = compileSource(text, file);
  const errors = diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code}: ${d.message}`);
  if (!ir || errors.length > 0) return { errors, costs: [], accuracy: {}, simdProducts: 0 };
  const held = Object.entries(given.memory ?? {}).map(([path, bytes]) => [path, Uint8Array.from(bytes)] as const);
  const files: ModelFiles | undefined = given.fetchFrom
    ? fetchFiles(given.fetchFrom)
    : given.memory && memoryFiles(new Map(held));
  try {
    const result = await trainModel(ir, { files, engine });
    return {
      errors: [],
      costs: result.costs.map(({ iteration, cost }) => ({ iteration, cost })),
      accuracy: result.accuracy,
      engine: result.engine,
      simdProducts: simdProductCount() - before,
    };
  } catch (error) {
    const diagnostics = (error as { diagnostics?: Array<{ code: string; message: string }> }).diagnostics;
    if (!diagnostics) throw error;
    return { errors: diagnostics.map((d) => `${d.code}: ${d.message}`), costs: [], accuracy: {}, simdProducts: 0 };
  }
}
