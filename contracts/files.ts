// How the core reads a model's data files without knowing where files live. The loaders
// (runtime/data/) and the drivers ask a ModelFiles for bytes; the CLI supplies one that reads the
// disk (node/files.ts), a page supplies one over uploaded files or fetch (memoryFiles below,
// fetchFiles). Nothing below the CLI imports `fs`, so the core bundles for a browser.
//
// A reader that cannot give the bytes rejects with a FileAccessError saying why in one of three
// ways; each loader turns it into its own diagnostic (NNC3001 for a CSV, NNC3010 for MAT and HDF5)
// naming the path `resolve` gave, so the messages are the same whichever reader is used.

/** Why a file could not be read: it is not there, it is a folder, or anything else (with the reason). */
export type FileProblem = "missing" | "directory" | "unreadable";

export class FileAccessError extends Error {
  constructor(
    readonly problem: FileProblem,
    /** The path as `resolve` gave it. */
    readonly path: string,
    /** For "unreadable": what the platform said (permission denied, a network error, …). */
    detail: string = problem,
  ) {
    super(detail);
    this.name = "FileAccessError";
  }
}

/** Where a model's data files come from. */
export interface ModelFiles {
  /**
   * The path of a file as a model writes it (`data/football.mat`): relative to `base` when given
   * (an IR file's recorded folder), else to the model file's folder; an absolute path as it is.
   * Diagnostics name the file by this path.
   */
  resolve(file: string, base?: string): string;
  /** The whole file at a path `resolve` gave. Rejects with a FileAccessError when it cannot. */
  read(path: string): Promise<Uint8Array>;
}

/** The reason a diagnostic quotes: "it does not exist", "it is a directory", or the platform's words. */
export function unreadableReason(error: unknown): string {
  if (error instanceof FileAccessError) {
    if (error.problem === "missing") return "it does not exist";
    if (error.problem === "directory") return "it is a directory";
  }
  return String((error as Error)?.message ?? error);
}

/** The file name without its folder and extension: a data set's default name. */
export function fileStem(path: string): string {
  const name = path.slice(path.replace(/\\/g, "/").lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(0, dot) : name;
}

/**
 * `file` relative to `folder`, `/`-separated, with `.` and `..` steps taken (never above the root
 * of a relative folder: `../x` from `` stays `../x`). An absolute `file` (`/x`, `C:\x`, a URL) is kept.
 */
export function joinPath(folder: string, file: string): string {
  if (/^(\/|[A-Za-z]:[\\/]|[a-z][a-z0-9+.-]*:\/\/)/i.test(file)) return file;
  const absolute = folder.startsWith("/");
  const parts: string[] = [];
  for (const part of `${folder}/${file}`.replace(/\\/g, "/").split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && parts.length > 0 && parts[parts.length - 1] !== "..") parts.pop();
    else if (part !== ".." || !absolute) parts.push(part);
  }
  return (absolute ? "/" : "") + parts.join("/");
}

/**
 * Files held in memory, by path relative to the model's folder: what a page builds from uploaded
 * files, and what tests use. A path that names a folder of held files (`data`) is a directory.
 */
export function memoryFiles(files: ReadonlyMap<string, Uint8Array> | Record<string, Uint8Array>): ModelFiles {
  const held = new Map<string, Uint8Array>();
  for (const [path, bytes] of files instanceof Map ? files : Object.entries(files)) held.set(joinPath("", path), bytes);
  return {
    resolve: (file, base) => joinPath(base ?? "", file),
    async read(path) {
      const bytes = held.get(path);
      if (bytes) return bytes;
      const isFolder = [...held.keys()].some((name) => name.startsWith(`${path}/`));
      throw new FileAccessError(isFolder ? "directory" : "missing", path);
    },
  };
}

/**
 * Files fetched over HTTP, relative to the URL of the model's folder (ending in `/`): what a page
 * that serves its examples beside it uses. A 404 is a missing file; any other failure is unreadable.
 */
export function fetchFiles(folderUrl: string, fetchFile: typeof fetch = fetch): ModelFiles {
  return {
    resolve(file, base) {
      const folder = base === undefined ? folderUrl : new URL(base.endsWith("/") ? base : `${base}/`, folderUrl);
      return new URL(file, folder).href;
    },
    async read(path) {
      let response: Response;
      try {
        response = await fetchFile(path);
      } catch (error) {
        throw new FileAccessError("unreadable", path, String((error as Error)?.message ?? error));
      }
      if (response.status === 404) throw new FileAccessError("missing", path);
      if (!response.ok) throw new FileAccessError("unreadable", path, `the server answered ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}

/** For runs whose data are all generated: any file a model names is refused, saying why. */
export const noFiles: ModelFiles = {
  resolve: (file, base) => joinPath(base ?? "", file),
  read: async (path) => {
    throw new FileAccessError("unreadable", path, "this run was given no way to read files");
  },
};
