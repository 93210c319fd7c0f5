/**
 * withBackend scopes (issue #11): in Node an async scope keeps its backend across awaits and
 * concurrent scopes do not see each other's; the process-wide choice never changes. Where no
 * AsyncLocalStorage exists, the synchronous scope refuses an async fn instead of leaking.
 */
import { describe, expect, it } from 'vitest';
import { getBackend, lastDispatch, matmul, OptionError, setBackend, withBackend, type BackendName } from '../src/entry/node.js';
import { synchronousScope } from '../src/backend/registry.js';
import { BACKENDS } from './helpers/backends.js';

const available = BACKENDS.filter((b) => b.available).map((b) => b.name);
// Big enough that 'auto' thresholds do not send it to ts.
const A = Array.from({ length: 64 }, (_, i) => Array.from({ length: 64 }, (_, j) => (i * 7 + j) % 5));

const tick = () => new Promise<void>((r) => setTimeout(r, Math.random() * 3));

describe('withBackend with async functions (AsyncLocalStorage)', () => {
  it('interleaved scopes each run every call on their own backend; the global choice is untouched', async () => {
    const before = getBackend();
    const wrong: string[] = [];
    await Promise.all(
      available.flatMap((name) =>
        [0, 1].map(() =>
          withBackend(name, async () => {
            for (let i = 0; i < 40; i++) {
              matmul(A, A);
              const ran = lastDispatch()!.backend;
              if (ran !== name) wrong.push(`${name} ran on ${ran}`);
              await tick();
              if (getBackend() !== name) wrong.push(`${name} saw ${getBackend()} after await`);
            }
          }),
        ),
      ),
    );
    expect(wrong).toEqual([]);
    expect(getBackend()).toBe(before);
  });

  it('nests: the inner scope wins inside it, the outer one is back after it', async () => {
    const [outer, inner] = [available[0], 'ts' as BackendName];
    await withBackend(outer, async () => {
      await withBackend(inner, async () => {
        await tick();
        expect(getBackend()).toBe(inner);
      });
      await tick();
      expect(getBackend()).toBe(outer);
    });
  });

  it('setBackend inside a scope changes the process-wide default, not the scope', async () => {
    const before = getBackend();
    try {
      await withBackend('ts', async () => {
        setBackend(available[0]);
        await tick();
        expect(getBackend()).toBe('ts');
      });
      expect(getBackend()).toBe(available[0]);
    } finally {
      setBackend('auto');
    }
    expect(getBackend()).toBe(before);
  });

  it('a rejected async scope rejects with its error', async () => {
    await expect(withBackend('ts', async () => { await tick(); throw new Error('boom'); })).rejects.toThrow('boom');
  });
});

describe('the synchronous scope (platforms without AsyncLocalStorage)', () => {
  it('scopes a synchronous fn and restores after it, also after a throw', () => {
    const scope = synchronousScope();
    expect(scope.run('ts', () => scope.current())).toBe('ts');
    expect(scope.current()).toBeUndefined();
    expect(() => scope.run('ts', () => { throw new Error('x'); })).toThrow('x');
    expect(scope.current()).toBeUndefined();
  });

  it('refuses an fn that returns a promise, naming the way out', () => {
    const scope = synchronousScope();
    const e = (() => {
      try {
        scope.run('ts', async () => 1);
      } catch (x) {
        return x;
      }
    })() as OptionError;
    expect(e).toBeInstanceOf(OptionError);
    expect(e.message).toMatch(/cannot follow fn across await/);
    expect(scope.current()).toBeUndefined();
  });
});
