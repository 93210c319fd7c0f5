/**
 * Reading byte ranges of a file served over http(s) (`Range: bytes=a-b`, answered 206 with a
 * `Content-Range`), so a shard of a data set on a web server or object store costs its own bytes,
 * not the whole file. Every answer is checked against the first one (same total size, same ETag
 * through `If-Match`): a file replaced on the server mid-run fails the read instead of mixing
 * two versions. Reads give up after `idleSeconds` without a byte, so a server that stops
 * answering cannot hang a shard.
 *
 * Private files: every request also carries the headers in the environment variable
 * MMLKIT_HTTP_HEADERS ("Name: value" lines, e.g. an Authorization bearer token), set on each
 * machine that reads — secrets go neither on the command line nor through Redis.
 */
import { writeSync } from 'node:fs';
import { FileError, OptionError } from '../errors.js';

/** The environment variable whose "Name: value" lines every range request carries. */
export const HTTP_HEADERS_ENV = 'MMLKIT_HTTP_HEADERS';

/** Headers a request may not be given from outside: the reader sets them itself. */
const OWN_HEADERS = new Set(['range', 'if-match', 'accept-encoding', 'host', 'content-length']);

/**
 * The extra headers of MMLKIT_HTTP_HEADERS (read at each request, so a long-running worker sees
 * a rotated token once its environment is the new one — for a new process, that is).
 * @throws OptionError naming the line (never echoing a value: it may be a secret).
 */
export function extraHttpHeaders(env: string | undefined = process.env[HTTP_HEADERS_ENV]): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!env) return headers;
  env.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t]*$/.exec(line);
    const why = !m ? 'is not "Name: value"' : OWN_HEADERS.has(m[1].toLowerCase()) ? `sets ${m[1]}, which the range reader sets itself` : /[\0\r]/.test(m[2]) ? 'holds a control character' : undefined;
    if (why) throw new OptionError(HTTP_HEADERS_ENV, `"Name: value" lines (line ${i + 1} ${why})`, `line ${i + 1}`);
    headers[m![1]] = m![2];
  });
  return headers;
}

/** Whether `path` names an http(s) URL rather than a local file. */
export function isHttpUrl(path: string): boolean {
  return /^https?:\/\//i.test(path);
}

/** Seconds without a byte from the server before a read fails (default). */
export const DEFAULT_IDLE_SECONDS = 30;

export interface HttpRangeOptions {
  idleSeconds?: number;
  signal?: AbortSignal;
}

/** A remote file opened for range reads: its size and version are fixed at open. */
export class HttpRangeFile {
  private constructor(
    readonly url: string,
    readonly size: number,
    private readonly etag: string | null,
    private readonly options: HttpRangeOptions,
  ) {}

  /**
   * Opens `url`: one range request for its first byte gives the size and the ETag.
   * @throws FileError when the server is unreachable, answers an error status, or does not
   *   serve byte ranges.
   */
  static async open(url: string, options: HttpRangeOptions = {}): Promise<HttpRangeFile> {
    const probe = new HttpRangeFile(url, -1, null, options);
    const res = await probe.request(0, 0);
    res.done();
    await res.body?.cancel().catch(() => {});
    if (!Number.isSafeInteger(res.total)) throw probe.fail(`the server's Content-Range gives no file size`, 'EBADRANGE');
    return new HttpRangeFile(url, res.total, res.total === 0 ? null : res.etag, options);
  }

  /** Copies bytes [start, end) into the file `fd` at the same offsets (a sparse local copy). */
  async copyInto(fd: number, start: number, end: number): Promise<void> {
    await this.each(start, end, (chunk, at) => {
      for (let off = 0; off < chunk.length; ) off += writeSync(fd, chunk, off, chunk.length - off, at + off);
    });
  }

  /** Line breaks (bytes 10) in [start, end), streamed: for error positions only. */
  async countLineBreaks(start: number, end: number): Promise<number> {
    let count = 0;
    await this.each(start, end, (chunk) => {
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) count++;
    });
    return count;
  }

  /** Calls `take` with each chunk of bytes [start, end) and its file offset, in order. */
  private async each(start: number, end: number, take: (chunk: Buffer, at: number) => void): Promise<void> {
    if (end <= start) return;
    const res = await this.request(start, end - 1);
    let at = start;
    try {
      for await (const part of res.chunks()) {
        const chunk = part.subarray(0, Math.max(0, end - at));
        take(chunk, at);
        at += chunk.length;
      }
    } finally {
      res.done();
    }
    if (at < end) throw this.fail(`the server sent ${at - start} of the ${end - start} bytes asked for (from byte ${start})`, 'ESHORT');
  }

  /** One `Range: bytes=first-last` request, checked; its body read with an idle timeout. */
  private async request(first: number, last: number): Promise<RangeResponse> {
    const idleMs = (this.options.idleSeconds ?? DEFAULT_IDLE_SECONDS) * 1000;
    const abort = new AbortController();
    const outer = this.options.signal;
    const onOuter = () => abort.abort(outer?.reason);
    if (outer?.aborted) onOuter();
    outer?.addEventListener('abort', onOuter, { once: true });
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => abort.abort(new Error('idle')), idleMs);
    };
    const done = () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuter);
    };
    arm();
    let headers: Record<string, string>;
    try {
      headers = { ...extraHttpHeaders(), Range: `bytes=${first}-${last}`, 'Accept-Encoding': 'identity' };
    } catch (err) {
      done();
      throw err;
    }
    if (this.etag) headers['If-Match'] = this.etag;
    let res: Response;
    try {
      res = await fetch(this.url, { headers, signal: abort.signal, redirect: 'follow' });
    } catch (err) {
      done();
      throw this.failed(err, abort.signal, idleMs);
    }
    try {
      this.check(res, first);
    } catch (err) {
      done();
      await res.body?.cancel().catch(() => {});
      throw err;
    }
    const total = Number(/\/(\d+)$/.exec(res.headers.get('content-range') ?? '')?.[1] ?? NaN);
    const body = res.body;
    const self = this;
    return {
      total,
      etag: res.headers.get('etag'),
      body,
      done,
      async *chunks() {
        if (!body) return;
        try {
          for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
            arm();
            yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
          }
        } catch (err) {
          throw self.failed(err, abort.signal, idleMs);
        }
      },
    };
  }

  /** Refuses an answer that is not the range asked for, of this same file. */
  private check(res: Response, first: number): void {
    if (res.status === 416 && this.size === -1) return; // an empty file has no byte 0
    if (res.status === 412) throw this.fail('the file changed on the server during the run (its ETag no longer matches)', 'ECHANGED');
    if (res.status === 200) {
      throw this.fail('the server does not serve byte ranges (it answered 200 to a Range request); mmlkit reads URLs by range so each shard fetches only its own bytes: serve the file from a server with range support (most static servers and object stores have it) or copy it to shared storage', 'ENORANGE');
    }
    if (res.status === 401 || res.status === 403) {
      const sent = Object.keys(extraHttpHeaders());
      const hint = sent.length ? `the headers of ${HTTP_HEADERS_ENV} (${sent.join(', ')}) were sent and not accepted` : `a private file needs its credentials in ${HTTP_HEADERS_ENV} ("Name: value" lines, e.g. "Authorization: Bearer …") on every machine that reads it`;
      throw this.fail(`the server answered HTTP ${res.status} ${res.statusText}`.trim() + `: ${hint}`, `EHTTP${res.status}`);
    }
    if (res.status !== 206) throw this.fail(`the server answered HTTP ${res.status} ${res.statusText}`.trim(), `EHTTP${res.status}`);
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(res.headers.get('content-range') ?? '');
    if (!range) throw this.fail(`the server's Content-Range ${JSON.stringify(res.headers.get('content-range'))} is not "bytes a-b/size"`, 'EBADRANGE');
    if (Number(range[1]) !== first) throw this.fail(`the server sent bytes from ${range[1]} when asked from ${first}`, 'EBADRANGE');
    if (this.size >= 0 && Number(range[3]) !== this.size) {
      throw this.fail(`the file changed on the server during the run (${this.size} bytes at first, now ${range[3]})`, 'ECHANGED');
    }
  }

  private failed(err: unknown, signal: AbortSignal, idleMs: number): unknown {
    if (signal.aborted && (signal.reason as Error | undefined)?.message === 'idle') {
      return this.fail(`no data from the server for ${idleMs / 1000} s`, 'ETIMEDOUT');
    }
    if (signal.aborted) return signal.reason; // the caller's own signal: its reason, as every other reader
    if (err instanceof FileError) return err;
    const cause = (err as { cause?: { code?: string; message?: string } } | null)?.cause;
    const why = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
    return this.fail(`cannot reach the server (${why})`, cause?.code ?? 'ENETWORK');
  }

  private fail(why: string, code: string): FileError {
    return new FileError(`cannot read ${this.url}: ${why}`, this.url, code);
  }
}

interface RangeResponse {
  total: number;
  etag: string | null;
  body: ReadableStream<Uint8Array> | null;
  chunks(): AsyncGenerator<Buffer>;
  done(): void;
}
