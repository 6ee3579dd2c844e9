// A progress bar on stderr, only when stderr is a terminal: piped output and CI logs stay clean,
// and stdout carries only results.

export interface Progress {
  update(done: number, total: number): void;
  finish(): void;
}

const silent: Progress = { update() {}, finish() {} };

export function progressBar(
  label: string,
  stream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
): Progress {
  if (!stream?.isTTY) return silent;
  const started = Date.now();
  let lastDraw = 0;
  let drawn = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - lastDraw < 100 && done < total) return;
      lastDraw = now;
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 50));
      const filled = Math.round((done / total) * width);
      const seconds = (now - started) / 1000;
      const eta = done > 0 ? (seconds / done) * (total - done) : 0;
      stream.write(
        `\r${label} [${"=".repeat(filled)}${" ".repeat(width - filled)}] ${done}/${total} ` +
          ` ${seconds.toFixed(1)} s, ~${eta.toFixed(1)} s left \x1b[K`,
      );
      drawn = true;
    },
    finish() {
      if (drawn) stream.write("\r\x1b[K");
    },
  };
}
