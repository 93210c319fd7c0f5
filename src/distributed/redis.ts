/**
 * Reaching Redis: the redis://HOST:PORT URL, a bounded check that it answers (so a wrong
 * address is a clear error within seconds instead of BullMQ's endless reconnecting), and the
 * BullMQ module. BullMQ 6 talks to Redis through the `ioredis` package (a peer dependency).
 */
import { createRequire } from 'node:module';
import { MmlError, OptionError } from '../errors.js';

/** Connection options as BullMQ and ioredis take them. */
export interface RedisTarget {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
}

/** Seconds without an answer from Redis before a run gives up (start and during the run). */
export const DEFAULT_REDIS_TIMEOUT_SECONDS = 10;

/**
 * Parses redis://[user:password@]HOST[:PORT][/DB].
 * @throws OptionError naming `redis` for anything else.
 */
export function parseRedisUrl(url: string): RedisTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new OptionError('redis', 'a URL redis://HOST:PORT', url);
  }
  if (u.protocol !== 'redis:' || u.hostname === '') throw new OptionError('redis', 'a URL redis://HOST:PORT (rediss:// and sockets are not supported)', url);
  const port = u.port === '' ? 6379 : Number(u.port);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined;
  if (db !== undefined && (!Number.isSafeInteger(db) || db < 0)) throw new OptionError('redis', 'a URL redis://HOST:PORT/DB with DB an integer ≥ 0', url);
  const target: RedisTarget = { host: u.hostname.replace(/^\[|\]$/g, ''), port };
  if (u.username) target.username = decodeURIComponent(u.username);
  if (u.password) target.password = decodeURIComponent(u.password);
  if (db !== undefined) target.db = db;
  return target;
}

type IORedisClass = new (options: Record<string, unknown>) => {
  connect(): Promise<void>;
  ping(): Promise<string>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ex: 'EX', seconds: number): Promise<unknown>;
  del(...keys: string[]): Promise<number>;
  scan(cursor: string, match: 'MATCH', pattern: string, count: 'COUNT', n: number): Promise<[string, string[]]>;
  disconnect(): void;
  on(event: string, f: (...a: unknown[]) => void): unknown;
};

/** The ioredis constructor (CommonJS, as BullMQ loads it). */
function loadIORedis(): IORedisClass {
  try {
    const mod = createRequire(import.meta.url)('ioredis') as IORedisClass & { default?: IORedisClass };
    return mod.default ?? mod;
  } catch {
    throw new MmlError(MISSING_PEERS);
  }
}

/** What a Redis run says when the optional peer packages are not installed. */
const MISSING_PEERS = "the Redis engine needs the optional npm packages 'bullmq' and 'ioredis' (BullMQ's Redis driver): npm install bullmq ioredis";

/**
 * The BullMQ module, loaded on first use (only Redis runs need it). Its CommonJS build, as for
 * ioredis: Node's CommonJS loader takes half the time of the ESM one over BullMQ's ~150 files
 * (0.23 against 0.44 s of CPU, 0.7–0.9 against 1.3–2.0 s wall on the loaded development
 * machine), and the coordinator's start-up is a fixed cost on every run.
 */
export async function loadBullmq(): Promise<typeof import('bullmq')> {
  loadIORedis(); // its clear error, not BullMQ's, when the driver is missing
  try {
    return createRequire(import.meta.url)('bullmq') as typeof import('bullmq');
  } catch (err) {
    if ((err as { code?: string }).code === 'MODULE_NOT_FOUND' && String((err as Error).message).includes("'bullmq'")) throw new MmlError(MISSING_PEERS);
    throw err;
  }
}

/**
 * Resolves once Redis at `target` answers PING; rejects with MmlError within about
 * `timeoutSeconds` when it does not (refused, unreachable, wrong password).
 */
export async function checkRedis(url: string, target: RedisTarget, timeoutSeconds = DEFAULT_REDIS_TIMEOUT_SECONDS): Promise<void> {
  const IORedis = loadIORedis();
  const ms = timeoutSeconds * 1000;
  const deadline = Date.now() + ms;
  let last = 'no answer';
  // Retried until the deadline: a Redis that is still starting is not an error.
  while (Date.now() < deadline) {
    const client = new IORedis({ ...target, lazyConnect: true, connectTimeout: Math.max(100, deadline - Date.now()), maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    let cause = '';
    client.on('error', (e) => (cause = (e as Error).message));
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        client.connect().then(() => client.ping()),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('no answer')), Math.max(100, deadline - Date.now())))),
      ]);
      return;
    } catch (err) {
      last = cause || (err as Error).message;
    } finally {
      clearTimeout(timer);
      client.disconnect();
    }
    await new Promise((r) => setTimeout(r, Math.min(250, Math.max(0, deadline - Date.now()))));
  }
  throw new MmlError(`cannot reach Redis at ${url} (${last}) within ${timeoutSeconds} s: is redis-server running there, and is the address right?`);
}

/** `promise`, or a rejection with `message` after `ms` (a close that waits on a dead Redis). */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new MmlError(message)), ms)))]).finally(() => clearTimeout(timer));
}

/** Values a run keeps in Redis beside its jobs (the randomized method's plans and state). */
export interface RunStore {
  get(key: string): Promise<string | null>;
  /** Kept for a week at most: a run abandoned for good does not fill Redis. */
  set(key: string, value: string): Promise<unknown>;
  /** Deletes every key under `prefix` (those of an earlier coordinator of the run too). */
  delPrefix(prefix: string): Promise<unknown>;
  disconnect(): void;
}

/** A connection for a run's own keys; every command gives up after `timeoutMs`. */
export function openStore(target: RedisTarget, timeoutMs: number): RunStore {
  const IORedis = loadIORedis();
  const client = new IORedis({ ...target, connectTimeout: Math.min(timeoutMs, 10_000), maxRetriesPerRequest: 2 });
  client.on('error', () => {});
  const lost = (what: string) => `Redis at ${target.host}:${target.port} did not answer ${what} within ${timeoutMs / 1000} s`;
  return {
    get: (key) => withTimeout(client.get(key), timeoutMs, lost(`GET ${key}`)),
    set: (key, value) => withTimeout(client.set(key, value, 'EX', 7 * 24 * 3600), timeoutMs, lost(`SET ${key}`)),
    delPrefix: (prefix) =>
      withTimeout(
        (async () => {
          let cursor = '0';
          do {
            const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
            if (keys.length) await client.del(...keys);
            cursor = next;
          } while (cursor !== '0');
        })(),
        timeoutMs,
        lost(`SCAN/DEL ${prefix}*`),
      ),
    disconnect: () => client.disconnect(),
  };
}

/** A connection that only answers whether Redis is there (a command fails at once while it is not). */
export function openPinger(target: RedisTarget): { ping(): Promise<unknown>; disconnect(): void } {
  const IORedis = loadIORedis();
  const client = new IORedis({ ...target, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: 1000, retryStrategy: () => 250 });
  client.on('error', () => {});
  return { ping: () => client.ping(), disconnect: () => client.disconnect() };
}
