#!/usr/bin/env node
// `install` script: builds the native addon with node-gyp, but never fails the install. Without
// the addon mmlkit runs on its wasm backend; the reason is kept in build/native-build-error.txt
// for the runtime loader to report.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const errorFile = join(root, 'build', 'native-build-error.txt');
const isWin = process.platform === 'win32';

function giveUp(reason) {
  try {
    mkdirSync(dirname(errorFile), { recursive: true });
    writeFileSync(errorFile, `${reason}\n`);
  } catch {
    // Nothing more to do: the warning below still tells the user.
  }
  console.warn(
    `mmlkit: native addon not built: ${reason}; mmlkit will use the wasm backend; ` +
      'run `npm run build:native` to retry.',
  );
  process.exit(0);
}

// Picks the node-gyp npm points at, else the one bundled with npm, else PATH, else npx. Returns [command, args].
function nodeGyp() {
  const fromNpm = process.env.npm_config_node_gyp;
  if (fromNpm && existsSync(fromNpm)) return [process.execPath, [fromNpm]];
  const bundled = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules',
    'node-gyp', 'bin', 'node-gyp.js');
  if (existsSync(bundled)) return [process.execPath, [bundled]];
  const probe = spawnSync(isWin ? 'where' : 'which', ['node-gyp'], { encoding: 'utf8' });
  if (probe.status === 0 && probe.stdout.trim()) return ['node-gyp', []];
  return [isWin ? 'npx.cmd' : 'npx', ['--yes', 'node-gyp']];
}

// node-gyp downloads Node's headers unless told where they are; a Node installed with its
// headers (Debian, official tarballs) has them at <prefix>/include/node, so use those offline.
function nodedirArgs() {
  if (process.env.npm_config_nodedir) return [];
  const prefix = resolve(dirname(process.execPath), '..');
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? [`--nodedir=${prefix}`] : [];
}

try {
  if (process.env.MMLKIT_SKIP_NATIVE === '1') giveUp('skipped because MMLKIT_SKIP_NATIVE=1');

  const prebuilt = join(root, 'prebuilds', `${process.platform}-${process.arch}`, 'mmlkit.node');
  if (existsSync(prebuilt)) {
    console.log(`mmlkit: using prebuilt native addon ${prebuilt}; not building.`);
    rmSync(errorFile, { force: true });
    process.exit(0);
  }

  const [cmd, pre] = nodeGyp();
  const args = [...pre, 'rebuild', ...nodedirArgs()];
  console.log(`mmlkit: building native addon: ${[cmd, ...args].join(' ')}`);
  const run = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: isWin });
  if (run.error) giveUp(`could not run node-gyp (${run.error.message})`);
  if (run.status !== 0) {
    giveUp(
      run.signal
        ? `node-gyp was killed by ${run.signal}`
        : `node-gyp rebuild exited with code ${run.status} (compiler output above)`,
    );
  }
  if (!existsSync(join(root, 'build', 'Release', 'mmlkit.node'))) {
    giveUp('node-gyp succeeded but build/Release/mmlkit.node is missing');
  }
  rmSync(errorFile, { force: true });
  console.log('mmlkit: native addon built: build/Release/mmlkit.node');
} catch (err) {
  giveUp(`unexpected error in scripts/build-native.mjs (${err?.message ?? err})`);
}
