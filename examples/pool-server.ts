/**
 * A PCA service: an HTTP server that fits PCA off the JS thread with `createPool`, so it keeps
 * answering (GET /health) while fits run. POST /pca with a JSON body `{ "rows": [[…], …],
 * "components": k }` answers the explained-variance ratios; a client that disconnects stops its
 * fit; a full queue answers 503.
 *
 * Run: npm run build:ts && node dist/examples/pool-server.js   (then: curl localhost:8080/health)
 */
import { createServer, type Server } from 'node:http';
import { createPool, Matrix, MmlError, PoolError, type Pool } from '../src/entry/node.js';
import { isMain } from './run-main.js';

/** Reads the body as JSON and copies the rows onto a SharedArrayBuffer (the worker reads it in place). */
async function readRows(body: AsyncIterable<Buffer>): Promise<{ x: Matrix; components: number }> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c);
  const { rows, components } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { rows: number[][]; components: number };
  if (!Array.isArray(rows) || !Array.isArray(rows[0])) throw new MmlError('the body needs "rows": an array of arrays of numbers');
  const [n, d] = [rows.length, rows[0].length];
  const x = new Matrix(n, d, new Float64Array(new SharedArrayBuffer(n * d * 8)));
  rows.forEach((row, i) => x.data.set(row.length === d ? row : [NaN], i * d)); // a ragged row becomes NaN: pca refuses it
  return { x, components };
}

export function startServer(port: number, pool: Pool = createPool({ maxQueue: 100 })): Promise<Server> {
  const server = createServer(async (req, res) => {
    if (req.method === 'GET' && req.url === '/health') return void res.end('ok');
    if (req.method !== 'POST' || req.url !== '/pca') return void ((res.statusCode = 404), res.end());
    const ac = new AbortController();
    res.on('close', () => res.writableFinished || ac.abort()); // the client left: drop or stop its fit
    try {
      const { x, components } = await readRows(req);
      const model = await pool.pca(x, { components, signal: ac.signal });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ explainedVarianceRatio: Array.from(model.explainedVarianceRatio) }));
    } catch (e) {
      if (ac.signal.aborted) return;
      res.statusCode = e instanceof PoolError && e.code === 'queue-full' ? 503 : e instanceof MmlError || e instanceof SyntaxError ? 400 : 500;
      res.end(JSON.stringify({ error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }));
    }
  });
  server.on('close', () => void pool.close());
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

if (isMain(import.meta.url)) {
  const server = await startServer(Number(process.env.PORT ?? 8080));
  console.log(`PCA service on http://127.0.0.1:${(server.address() as { port: number }).port} (POST /pca, GET /health)`);
}
