/**
 * Inputs given as http(s) URLs: each becomes a sparse local file of the remote file's size
 * (in a private temporary folder) holding only the bytes this process reads — the head the
 * planner needs and the byte window of its shard, fetched by range requests. Every reader
 * (planning, cutting at line starts, the worker threads) then works on a local path with the
 * offsets of the remote file, unchanged. Errors naming a local copy are rewritten to name the
 * URL, with CSV line numbers corrected for the lines in the bytes never fetched.
 */
import { closeSync, ftruncateSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { FileError, MmlError, ParseError } from '../errors.js';
import { HttpRangeFile, isHttpUrl, type HttpRangeOptions } from '../io/http-range.js';

/** The head fetched for planning: enough for a .npy header or a CSV's first line, as a rule. */
const HEAD_BYTES = 64 << 10;
/** The CSV planner reads at most this far for the first line (csv-layout's limit). */
const HEAD_LIMIT = 16 << 20;

interface RemoteCopy {
  file: HttpRangeFile;
  local: string;
  fd: number;
  /** Fetched byte intervals [start, end), disjoint, sorted. */
  have: Array<[number, number]>;
}

/** The local paths to read for a list of inputs, some of which may be URLs. */
export class RemoteInputs {
  private readonly copies = new Map<number, RemoteCopy>();
  private dir: string | null = null;

  private constructor(
    /** The inputs as given. */
    readonly given: string[],
    /** What to read: the given path for a local file, its sparse copy for a URL. */
    readonly local: string[],
  ) {}

  /** Whether any input is a URL. */
  get remote(): boolean {
    return this.copies.size > 0;
  }

  /**
   * Opens every URL among `paths` and fetches its head; local paths pass through untouched.
   * @throws FileError for an unreachable server, an error status or no range support.
   */
  static async open(paths: string[], options: HttpRangeOptions = {}): Promise<RemoteInputs> {
    const inputs = new RemoteInputs(paths, [...paths]);
    try {
      for (let i = 0; i < paths.length; i++) {
        if (!isHttpUrl(paths[i])) continue;
        const file = await HttpRangeFile.open(paths[i], options);
        inputs.dir ??= mkdtempSync(join(tmpdir(), 'mmlkit-remote-'));
        const name = basename(new URL(paths[i]).pathname) || 'input';
        const local = join(inputs.dir, `${i}-${name}`);
        const fd = openSync(local, 'w+');
        const copy: RemoteCopy = { file, local, fd, have: [] };
        inputs.copies.set(i, copy);
        inputs.local[i] = local;
        ftruncateSync(fd, file.size); // sparse: the holes take no disk
        await inputs.fetchHead(i, copy);
      }
    } catch (err) {
      inputs.close();
      throw err;
    }
    return inputs;
  }

  /** Input `i`'s size in bytes if it is a URL (else undefined: the caller stats the local file). */
  remoteSize(i: number): number | undefined {
    return this.copies.get(i)?.file.size;
  }

  /** Makes bytes [start, end) of input `i` present in its local copy (nothing for a local file). */
  async fetch(i: number, start: number, end: number): Promise<void> {
    const copy = this.copies.get(i);
    if (!copy) return;
    start = Math.max(0, start);
    end = Math.min(copy.file.size, end);
    for (const [a, b] of missing(copy.have, start, end)) {
      await copy.file.copyInto(copy.fd, a, b);
      copy.have = insert(copy.have, a, b);
    }
  }

  /**
   * Makes the bytes from `p - 1` up to and including the next line break of input `i` present
   * (what finding the line start at or after `p` reads), fetching in growing windows.
   */
  async fetchThroughLineBreak(i: number, p: number): Promise<void> {
    const copy = this.copies.get(i);
    if (!copy) return;
    let from = Math.max(0, p - 1);
    for (let step = HEAD_BYTES; from < copy.file.size; step = Math.min(step * 2, 8 << 20)) {
      const to = Math.min(copy.file.size, from + step);
      await this.fetch(i, from, to);
      if (indexOfByte(copy.fd, 10, from, to) >= 0) return;
      from = to;
    }
  }

  /**
   * `err` with the local copies' paths replaced by their URLs; a ParseError's line number is
   * corrected by the line breaks in the bytes before its position that were never fetched.
   */
  async relocate(err: unknown): Promise<unknown> {
    if (!this.remote || !(err instanceof MmlError)) return err;
    for (const [i, copy] of this.copies) {
      if (err instanceof ParseError && err.file === copy.local) {
        const reason = err.message.slice(`${err.file}:${err.line}:${err.column}: `.length);
        const npy = copy.local.toLowerCase().endsWith('.npy');
        let line = err.line;
        if (!npy) {
          // Holes read as zero bytes: the local scan counted no line breaks in them.
          for (const [a, b] of holesBefore(copy.have, byteOfLine(copy, err.line))) line += await copy.file.countLineBreaks(a, b);
        }
        return new ParseError(reason, this.given[i], line, err.column);
      }
      if (err.message.includes(copy.local)) {
        const message = err.message.split(copy.local).join(this.given[i]);
        if (err instanceof FileError) return new FileError(message, this.given[i], err.code);
        err.message = message; // our own error object, not yet seen by anyone
        return err;
      }
    }
    return err;
  }

  /** Closes and deletes the local copies. */
  close(): void {
    for (const copy of this.copies.values()) {
      try {
        closeSync(copy.fd);
      } catch {
        // already closed
      }
    }
    this.copies.clear();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }

  /** The head: a .npy header whole, or a CSV through its first line that is not blank. */
  private async fetchHead(i: number, copy: RemoteCopy): Promise<void> {
    const size = copy.file.size;
    await this.fetch(i, 0, HEAD_BYTES);
    const pre = Buffer.alloc(12);
    const got = readSync(copy.fd, pre, 0, 12, 0);
    if (got >= 10 && pre[0] === 0x93 && pre.toString('latin1', 1, 6) === 'NUMPY') {
      const headerLen = pre[6] === 1 ? pre.readUInt16LE(8) : got >= 12 ? pre.readUInt32LE(8) : 0;
      await this.fetch(i, 0, Math.min(size, (pre[6] === 1 ? 10 : 12) + headerLen));
      return;
    }
    for (let end = HEAD_BYTES; end < Math.min(size, HEAD_LIMIT) && !hasNonBlankLine(copy.fd, end); end *= 2) {
      await this.fetch(i, end, Math.min(size, end * 2));
    }
  }
}

/** The sub-intervals of [start, end) not covered by `have`. */
function missing(have: Array<[number, number]>, start: number, end: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let at = start;
  for (const [a, b] of have) {
    if (b <= at) continue;
    if (a >= end) break;
    if (a > at) out.push([at, a]);
    at = Math.max(at, b);
  }
  if (at < end) out.push([at, end]);
  return out;
}

/** `have` with [a, b) added, merged with its neighbours. */
function insert(have: Array<[number, number]>, a: number, b: number): Array<[number, number]> {
  const all = [...have, [a, b] as [number, number]].sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const [x, y] of all) {
    const last = out[out.length - 1];
    if (last && x <= last[1]) last[1] = Math.max(last[1], y);
    else out.push([x, y]);
  }
  return out;
}

/** The holes (never fetched) in [0, p). */
function holesBefore(have: Array<[number, number]>, p: number): Array<[number, number]> {
  return missing(have, 0, p);
}

/**
 * The byte offset where the local copy's line `line` starts, counting line breaks in the local
 * copy (holes have none): the holes before it are the ones whose line breaks were missed.
 */
function byteOfLine(copy: RemoteCopy, line: number): number {
  if (line <= 1) return 0;
  const buf = Buffer.alloc(1 << 16);
  let seen = 1;
  for (let off = 0; off < copy.file.size; ) {
    const n = readSync(copy.fd, buf, 0, Math.min(buf.length, copy.file.size - off), off);
    if (n === 0) break;
    for (let k = buf.indexOf(10); k >= 0 && k < n; k = buf.indexOf(10, k + 1)) {
      if (++seen === line) return off + k + 1;
    }
    off += n;
  }
  return copy.file.size;
}

/** The offset of the first byte `value` in [from, to) of the file, or -1. */
function indexOfByte(fd: number, value: number, from: number, to: number): number {
  const buf = Buffer.alloc(1 << 16);
  for (let off = from; off < to; ) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, to - off), off);
    if (n === 0) break;
    const k = buf.indexOf(value);
    if (k >= 0 && k < n) return off + k;
    off += n;
  }
  return -1;
}

/** Whether bytes [0, end) hold a line break after something other than blanks. */
function hasNonBlankLine(fd: number, end: number): boolean {
  const buf = Buffer.alloc(end);
  const n = readSync(fd, buf, 0, end, 0);
  let content = false;
  for (let k = 0; k < n; k++) {
    const c = buf[k];
    if (c === 10) {
      if (content) return true;
    } else if (c !== 13 && c !== 32 && c !== 9 && c !== 0xef && c !== 0xbb && c !== 0xbf) content = true;
  }
  return false;
}
