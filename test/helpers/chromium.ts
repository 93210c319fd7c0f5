/**
 * Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by the
 * playwright-core devDependency (Playwright never downloads a browser here).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Debian's chromium package; Playwright's own browser builds cannot be fetched. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * The machine notes' flags. Without the background-networking ones Chromium keeps dialling
 * hosts that this closed network refuses. Playwright itself gives a new empty profile
 * (a temp --user-data-dir it deletes on close) and adds --no-sandbox, which root needs.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Debian's launcher fails to size /dev/shm here and never adds this; small /dev/shm crashes tabs.
  '--disable-dev-shm-usage',
];

/** Chromium's version, or why it cannot run here. */
export function findBrowser(): { version?: string; reason?: string } {
  try {
    createRequire(import.meta.url).resolve('playwright-core');
  } catch {
    return { reason: 'playwright-core is not installed (a devDependency: run npm ci)' };
  }
  if (!existsSync(CHROMIUM)) return { reason: `${CHROMIUM} is missing (Debian package chromium; .ci/run installs it)` };
  const v = spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (v.status !== 0) return { reason: `${CHROMIUM} --version failed: ${v.error?.message ?? v.stderr}` };
  return { version: v.stdout.trim() };
}
