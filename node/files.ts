// The disk as the core's ModelFiles (contracts/files.ts): a model's data paths resolve against
// its own folder, as `nnc run` has always read them, and Node's error codes become the reasons
// the loaders' diagnostics quote.
import { readFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { FileAccessError, type ModelFiles } from "../contracts/files.js";

/** Files on disk, relative to `modelFolder` (the folder of the .nnspec or IR file). */
export function nodeFiles(modelFolder: string): ModelFiles {
  return {
    resolve: (file, base) => (isAbsolute(file) ? file : resolve(base ?? modelFolder, file)),
    async read(path) {
      try {
        const bytes = await readFile(path);
        return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT") throw new FileAccessError("missing", path);
        if (code === "EISDIR") throw new FileAccessError("directory", path);
        throw new FileAccessError("unreadable", path, String((error as Error).message));
      }
    },
  };
}
