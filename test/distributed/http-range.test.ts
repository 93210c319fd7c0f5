/**
 * Inputs read from http(s) URLs by range requests (`mmlkit pca URL --shard i/n`, the Redis
 * workers, `mmlkit pca URL -k`), against a real HTTP server started here: a shard of a URL is
 * the same part as the shard of the local file and fetches about its own share of the bytes;
 * bad data is located at URL:line:column with the file's true line number; a server without
 * range support, an error status, an unreachable or silent server and a file replaced mid-run
 * each give a FileError naming the URL, never a hang or a mixed read.
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileError, OptionError, ParseError } from '../../src/errors.js';
import { writeNpy } from '../../src/entry/node.js';
import { checkInputs, computeShard, planInputs } from '../../src/distributed/shard.js';
import { HTTP_HEADERS_ENV, HttpRangeFile } from '../../src/io/http-range.js';
import { cli, csvOf, dataset, main, modelDifference, readModel, writeCsv } from './helpers.js';
import { RangeServer, type RangeServerMode } from './range-server.js';

const execFileAsync = promisify(execFile);

const dir = mkdtempSync(join(tmpdir(), 'mmlkit-http-'));
const x = dataset(4000, 6, 5);

let server: RangeServer;
let base = '';
let files: Map<string, Buffer>;
let sent: Map<string, number>;
const setMode = (mode: RangeServerMode) => (server.mode = mode);
beforeAll(async () => {
  server = await RangeServer.start();
  ({ base, files, sent } = server);
  writeCsv(join(dir, 'x.csv'), x);
  files.set('/data/x.csv', readFileSync(join(dir, 'x.csv')));
  writeNpy(join(dir, 'x.npy'), x);
  files.set('/data/x.npy', readFileSync(join(dir, 'x.npy')));
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const remoteCopies = () => readdirSync(tmpdir()).filter((f) => f.startsWith('mmlkit-remote-'));

describe('inputs over http(s) by range requests', () => {
  it('each shard of a CSV URL is the part of the local file, fetching about its own share', async () => {
    const before = remoteCopies();
    const size = files.get('/data/x.csv')!.length;
    for (let i = 0; i < 4; i++) {
      sent.clear();
      const remote = await computeShard([`${base}/data/x.csv`], i, 4, { workers: 1 });
      const local = await computeShard([join(dir, 'x.csv')], i, 4, { workers: 1 });
      expect(remote).toEqual(local);
      // A quarter of the file, the 64 kB head and the line-break lookups at the two cuts.
      expect(sent.get('/data/x.csv')!).toBeLessThan(size / 4 + 3 * 65536);
    }
    expect(remoteCopies()).toEqual(before); // the sparse copies are deleted
  });

  it('a .npy URL shards by rows like the local file', async () => {
    for (let i = 0; i < 3; i++) {
      expect(await computeShard([`${base}/data/x.npy`], i, 3, { workers: 1 })).toEqual(await computeShard([join(dir, 'x.npy')], i, 3, { workers: 1 }));
    }
  });

  it('mmlkit pca URL -k (two worker threads) gives the model of the local file', async () => {
    // Not spawnSync: the server answering the CLI runs in this process.
    const r = await execFileAsync(process.execPath, [main, 'pca', `${base}/data/x.csv`, '-k', '3', '--out', 'remote', '--workers', '2'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(cli(['pca', 'x.csv', '-k', '3', '--out', 'local'], dir).status).toBe(0);
    expect(modelDifference(readModel(join(dir, 'remote')), readModel(join(dir, 'local')))).toBeLessThan(1e-12);
  });

  it('bad data in a shard that starts mid-file is at URL:line:column, the line counted over bytes never fetched', async () => {
    const lines = csvOf(x).split('\n');
    lines[3601] = lines[3601].replace(/,[^,]*$/, ',oops'); // line 3602 (the header is line 1)
    files.set('/data/bad.csv', Buffer.from(lines.join('\n')));
    const column = lines[3601].lastIndexOf(',') + 2;
    const err = await computeShard([`${base}/data/bad.csv`], 3, 4, { workers: 1 }).catch((e: unknown) => e);
    expect(err, String(err)).toBeInstanceOf(ParseError);
    expect((err as ParseError).message).toMatch(new RegExp(`^${base}/data/bad.csv:3602:${column}: `));
    // The same place as from the local file, read in this thread.
    writeFileSync(join(dir, 'bad.csv'), files.get('/data/bad.csv')!);
    const local = await computeShard([join(dir, 'bad.csv')], 3, 4, { workers: 1 }).catch((e: unknown) => e);
    expect((local as ParseError).message.slice(join(dir, 'bad.csv').length)).toBe((err as ParseError).message.slice(`${base}/data/bad.csv`.length));
  });

  it('a Redis worker checks a URL input by its name and size, as a local one', async () => {
    const url = `${base}/data/x.csv`;
    const { inputs } = await planInputs([url]);
    expect(inputs).toEqual([{ name: 'x.csv', size: files.get('/data/x.csv')!.length }]);
    await checkInputs([url], inputs);
    await expect(checkInputs([url], [{ name: 'x.csv', size: 1 }])).rejects.toThrow(/every machine must see the same files/);
  });

  it('a server without range support, a 404, a silent and an unreachable server: FileError naming the URL', async () => {
    setMode('no-ranges');
    await expect(computeShard([`${base}/data/x.csv`], 0, 2)).rejects.toMatchObject({ code: 'ENORANGE', file: `${base}/data/x.csv` });
    setMode('ranges');
    const missing = await planInputs([`${base}/data/nope.csv`]).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(FileError);
    expect((missing as FileError).message).toMatch(/HTTP 404/);
    setMode('silent');
    await expect(HttpRangeFile.open(`${base}/data/x.csv`, { idleSeconds: 0.3 })).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    setMode('ranges');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(HttpRangeFile.open(`http://127.0.0.1:${port}/x.csv`)).rejects.toBeInstanceOf(FileError);
  });

  it('a private file: 401 says where credentials go; MMLKIT_HTTP_HEADERS carries them on every request; bad lines are refused without echoing them', async () => {
    files.set('/private/x.csv', files.get('/data/x.csv')!);
    const url = `${base}/private/x.csv`;
    const before = process.env[HTTP_HEADERS_ENV];
    try {
      delete process.env[HTTP_HEADERS_ENV];
      await expect(planInputs([url])).rejects.toThrow(/HTTP 401.*credentials in MMLKIT_HTTP_HEADERS/);
      process.env[HTTP_HEADERS_ENV] = 'Authorization: Bearer wrong';
      await expect(HttpRangeFile.open(url)).rejects.toThrow(/headers of MMLKIT_HTTP_HEADERS \(Authorization\) were sent and not accepted/);
      process.env[HTTP_HEADERS_ENV] = 'X-Trace: 1\nAuthorization: Bearer s3cret\n';
      const part = await computeShard([url], 1, 2, { workers: 1 });
      const local = await computeShard([join(dir, 'x.csv')], 1, 2, { workers: 1 });
      expect(part.accumulator).toEqual(local.accumulator);
      for (const bad of ['Authorization Bearer s3cret', 'Range: bytes=0-1', 'X: a\rb']) {
        process.env[HTTP_HEADERS_ENV] = bad;
        const err = await HttpRangeFile.open(url).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(OptionError);
        expect((err as Error).message).toMatch(/MMLKIT_HTTP_HEADERS.*line 1/);
        expect((err as Error).message).not.toMatch(/s3cret|bytes=0-1/);
      }
    } finally {
      if (before === undefined) delete process.env[HTTP_HEADERS_ENV];
      else process.env[HTTP_HEADERS_ENV] = before;
    }
  });

  it('a file replaced on the server between two reads fails instead of mixing versions', async () => {
    files.set('/data/moving.csv', files.get('/data/x.csv')!);
    const file = await HttpRangeFile.open(`${base}/data/moving.csv`);
    const same = Buffer.from(files.get('/data/x.csv')!); // same size, one byte changed: only the ETag tells
    same[same.length - 2] ^= 1;
    files.set('/data/moving.csv', same);
    await expect(file.countLineBreaks(0, 100)).rejects.toMatchObject({ code: 'ECHANGED' });
  });
});
