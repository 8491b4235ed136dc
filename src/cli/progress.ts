/**
 * A progress bar on stderr for long inputs: the share of the file read, events so far and the
 * rate, redrawn at most five times a second, only on a terminal (a pipe or a log gets nothing).
 */
export interface Progress {
  update(bytes: number, events: number): void;
  done(): void;
}

/** Creates the bar for an input of `total` bytes (0 when unknown, e.g. stdin). */
export function createProgress(stream: NodeJS.WriteStream, total: number, enabled: boolean): Progress {
  const started = performance.now();
  let last = 0;
  let drawn = false;
  const on = enabled && stream.isTTY === true;
  return {
    update(bytes, events) {
      if (!on) return;
      const now = performance.now();
      if (now - last < 200) return;
      last = now;
      const rate = events / Math.max(0.001, (now - started) / 1000);
      const share = total > 0 ? Math.min(1, bytes / total) : 0;
      const width = 30;
      const bar = total > 0 ? `[${'#'.repeat(Math.round(share * width)).padEnd(width, '.')}] ${(share * 100).toFixed(0).padStart(3)}% ` : '';
      stream.write(`\r${bar}${events.toLocaleString('en-US')} events, ${Math.round(rate).toLocaleString('en-US')}/s   `);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}
