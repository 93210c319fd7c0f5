#!/usr/bin/env node
/**
 * `npm run docs`: the API reference (docs/api/, generated, not committed) from the doc comments,
 * with TypeDoc. TypeDoc 0.28 supports TypeScript up to 6.0 and the project compiles with
 * TypeScript 7, so TypeDoc and its TypeScript live in their own package, tools/api-docs/,
 * installed here from its lockfile when missing or stale (never into the root's node_modules).
 * Fails (exit 1) on any TypeDoc warning: an undocumented export, a broken {@link}, a type a
 * signature uses that no entry point exports, or a public function or class without @example
 * (tools/api-docs/require-example.mjs).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tool = join(root, 'tools', 'api-docs');
const installed = join(tool, 'node_modules', '.package-lock.json');
const lock = join(tool, 'package-lock.json');

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit' });
  if (r.error) throw r.error;
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// npm ci writes node_modules/.package-lock.json: older than the lockfile means stale.
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  run(npm, ['ci', '--prefix', tool, '--no-audit', '--no-fund'], root);
}

const started = performance.now();
run(process.execPath, [join(tool, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--options', join(tool, 'typedoc.json')], root);
console.log(`API reference written to docs/api/index.html in ${((performance.now() - started) / 1000).toFixed(1)} s`);
