/**
 * A real HTTP server for the URL-input tests: serves byte ranges of in-memory files (206 with
 * Content-Range and an ETag, If-Match honoured), counts the bytes it sent per path, can be told
 * to misbehave (no range support, silence), and asks for `Authorization: Bearer s3cret` under
 * /private/.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RangeServerMode = 'ranges' | 'no-ranges' | 'silent';

export class RangeServer {
  /** What the server serves: path → bytes. */
  readonly files = new Map<string, Buffer>();
  /** Bytes sent per path. */
  readonly sent = new Map<string, number>();
  mode: RangeServerMode = 'ranges';
  private constructor(
    private readonly server: Server,
    /** http://127.0.0.1:PORT */
    readonly base: string,
  ) {}

  static async start(): Promise<RangeServer> {
    let self: RangeServer | undefined;
    const server = createServer((req, res) => self!.serve(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    self = new RangeServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return self;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private serve(req: IncomingMessage, res: ServerResponse): void {
    const body = this.files.get(req.url ?? '');
    if (this.mode === 'silent') return; // accepts, never answers
    if (req.url?.startsWith('/private/') && req.headers.authorization !== 'Bearer s3cret') {
      res.writeHead(401).end();
      return;
    }
    if (!body) {
      res.writeHead(404).end('not found');
      return;
    }
    const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
    const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    if (this.mode === 'no-ranges' || !range) {
      res.writeHead(200, { 'Content-Length': body.length, ETag: etag }).end(body);
      return;
    }
    if (req.headers['if-match'] && req.headers['if-match'] !== etag) {
      res.writeHead(412).end();
      return;
    }
    const first = Number(range[1]);
    if (first >= body.length) {
      res.writeHead(416, { 'Content-Range': `bytes */${body.length}` }).end();
      return;
    }
    const last = Math.min(Number(range[2]), body.length - 1);
    const part = body.subarray(first, last + 1);
    this.sent.set(req.url!, (this.sent.get(req.url!) ?? 0) + part.length);
    res.writeHead(206, { 'Content-Range': `bytes ${first}-${last}/${body.length}`, 'Content-Length': part.length, ETag: etag }).end(part);
  }
}
