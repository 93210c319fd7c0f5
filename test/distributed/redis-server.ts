/**
 * A real redis-server for a test: started on a free 127.0.0.1 port with no persistence,
 * stopped by the test. Missing redis-server skips the Redis tests, except under CI, where
 * .ci/run installs it and its absence is a failure.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { IN_CI } from '../helpers/ci.js';

export const REDIS_SERVER = '/usr/bin/redis-server';
export const haveRedis = existsSync(REDIS_SERVER);
/** Why the Redis tests are skipped here (undefined: they run). */
export const redisMissing = haveRedis || IN_CI ? undefined : `${REDIS_SERVER} is not installed (apt-get install redis-server)`;

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  url: string;
  port: number;
  /** redis-cli against this server; returns stdout lines. */
  cli(...args: string[]): string[];
  stop(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (b) => (out += b));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10_000);
    const check = () => {
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      } else if (child.exitCode !== null) {
        clearTimeout(timer);
        reject(new Error(`redis-server exited: ${out}`));
      } else setTimeout(check, 50);
    };
    check();
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    cli: (...args) => spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' }).stdout.split('\n').filter((l) => l !== ''),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(); // already stopped
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
