/**
 * Atomic output: write to a temporary file in the target's directory, then rename over the
 * target (rename within one file system is atomic on POSIX). On any error the temporary file is
 * removed, so a reader sees the old file or the complete new one, never a partial one.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** A sibling temporary name for `path` (same directory, so the final rename stays atomic). */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Creates `path` atomically: `write(fd)` fills a temporary file that is renamed onto `path`
 * once `write` returns; if it throws, the temporary file is removed and the error rethrown.
 * @example writeFileAtomic('out.txt', (fd) => writeSync(fd, 'hello\n'));
 */
export function writeFileAtomic(path: string, write: (fd: number) => void): void {
  const temp = tempPathFor(path);
  const fd = openSync(temp, 'wx');
  let closed = false;
  try {
    write(fd);
    closeSync(fd);
    closed = true;
    renameSync(temp, path);
  } catch (err) {
    if (!closed) closeSync(fd);
    rmSync(temp, { force: true });
    throw err;
  }
}

/**
 * Buffered text output to a file descriptor: collects strings and writes them in ~1 MB blocks
 * (one write per line would cost a system call each).
 */
export class TextSink {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly fd: number) {}

  write(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= 1 << 20) this.flush();
  }

  flush(): void {
    if (this.size === 0) return;
    writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}
