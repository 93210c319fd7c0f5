#!/usr/bin/env node
// `npm run prebuilds [-- <target> ...]`: builds the prebuilt Node-API addons the package ships,
// prebuilds/<platform>-<arch>/mmlkit.node (prebuildify's layout), by calling the compiler
// directly: one object per file of native/sources.json, with the defines and C++ flags of
// binding.gyp, so a prebuild is the same code `npm run build:native` makes. Targets (default:
// all of them):
//
//   linux-x64    g++ on an x64 host (x86_64-linux-gnu-g++ elsewhere)
//   linux-arm64  aarch64-linux-gnu-g++ (Debian: apt-get install g++-aarch64-linux-gnu)
//
// Portable on purpose: baseline -march (x86-64, armv8-a), never -march=native. On x86-64 the
// AVX2+FMA and AVX-512 kernels are compiled through target attributes and chosen at run time
// (native/src/cpu_features.cc); a pre-AVX2 x86-64 CPU gets the portable SSE2 kernels. arm64
// always has NEON. libstdc++ is linked in statically (its symbols kept private) so the binary
// does not need the build machine's libstdc++; it still needs a glibc at least as new as the
// symbols it uses (printed below; 2.35 from Debian 12's toolchain).
// Node-API only (NAPI_VERSION in binding.gyp), so one binary serves Node 20, 22 and 24.
// (Not named "prebuild": npm would run that as the pre-hook of every `npm run build`.)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const hostX64 = process.arch === 'x64';
const TARGETS = {
  'linux-x64': { cxx: hostX64 ? 'g++' : 'x86_64-linux-gnu-g++', flags: ['-m64', '-march=x86-64', '-mtune=generic'], apt: 'g++-x86-64-linux-gnu' },
  'linux-arm64': { cxx: process.arch === 'arm64' ? 'g++' : 'aarch64-linux-gnu-g++', flags: ['-march=armv8-a'], apt: 'g++-aarch64-linux-gnu' },
};

function fail(message) {
  console.error(`prebuild: ${message}`);
  process.exit(1);
}

/** Node's headers: npm_config_nodedir (as node-gyp honours it), else <prefix>/include/node. */
function nodeIncludeDir() {
  const candidates = [];
  if (process.env.npm_config_nodedir) candidates.push(join(process.env.npm_config_nodedir, 'include', 'node'));
  candidates.push(join(dirname(process.execPath), '..', 'include', 'node'), '/usr/include/node');
  const found = candidates.find((d) => existsSync(join(d, 'node_api.h')));
  if (!found) fail(`Node's headers (node_api.h) not found in ${candidates.join(', ')}; set npm_config_nodedir`);
  return resolve(found);
}

/** binding.gyp's defines and compiler flags: the one place they are written. */
function gypFlags() {
  const target = JSON.parse(readFileSync(join(root, 'binding.gyp'), 'utf8')).targets[0];
  return [...target.defines.map((d) => `-D${d}`), ...target.cflags_cc];
}

/**
 * The Node-API glue (argument checks, typed-array plumbing, no loops over data) is built for
 * size: it is a third of the binary's code and never hot, and the tarball carries two
 * binaries within its 1 MB.
 */
function isGlue(src) {
  return src.includes('/napi/') || src.endsWith('/binding.cc');
}

/** Runs `cmd args`, resolving with its exit code; output goes to our stderr only on failure. */
function run(cmd, args) {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (err) => done({ code: -1, out: err.message }));
    child.on('close', (code) => done({ code, out }));
  });
}

/** Runs the jobs `jobs` at a time; stops starting new ones after the first failure. */
async function pool(tasks, jobs) {
  let next = 0;
  let failure;
  async function worker() {
    while (next < tasks.length && !failure) {
      const r = await tasks[next++]();
      if (r) failure ??= r;
    }
  }
  await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, worker));
  return failure;
}

/** The newest glibc symbol version the binary needs (what it asks of the user's system). */
function glibcNeeded(file) {
  const r = spawnSync('objdump', ['-T', file], { encoding: 'utf8' });
  if (r.status !== 0) return 'unknown (objdump not available)';
  const versions = [...r.stdout.matchAll(/GLIBC_(\d+)\.(\d+)/g)].map((m) => [+m[1], +m[2]]);
  versions.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const last = versions.at(-1);
  return last ? `glibc >= ${last.join('.')}` : 'no versioned glibc symbols';
}

async function build(name) {
  const target = TARGETS[name];
  if (!target) fail(`unknown target '${name}' (known: ${Object.keys(TARGETS).join(', ')})`);
  if (spawnSync(target.cxx, ['--version']).status !== 0) {
    fail(`${name} needs ${target.cxx}, which is not installed (Debian: apt-get install ${target.apt})`);
  }
  const started = Date.now();
  const objDir = join(root, 'build', 'prebuild', name);
  const sources = JSON.parse(readFileSync(join(root, 'native', 'sources.json'), 'utf8'));
  const cflags = [
    ...target.flags,
    ...gypFlags(),
    '-fPIC',
    '-fvisibility=hidden', // only napi_register_module_v1 (marked default by Node's headers) is exported
    '-ffunction-sections',
    '-fdata-sections',
    `-I${nodeIncludeDir()}`,
    `-I${require('node-addon-api').include_dir}`,
  ];
  const objects = [];
  const tasks = sources.map((src) => {
    const obj = join(objDir, src.replace(/\.cc$/, '.o'));
    objects.push(obj);
    return async () => {
      mkdirSync(dirname(obj), { recursive: true });
      const r = await run(target.cxx, [...cflags, ...(isGlue(src) ? ['-Os'] : []), '-c', src, '-o', obj]);
      return r.code === 0 ? undefined : `${target.cxx} failed on ${src}:\n${r.out}`;
    };
  });
  const failure = await pool(tasks, availableParallelism());
  if (failure) fail(failure);

  const outDir = join(root, 'prebuilds', name);
  const out = join(outDir, 'mmlkit.node');
  const tmp = `${out}.tmp`;
  mkdirSync(outDir, { recursive: true });
  const link = await run(target.cxx, [
    ...target.flags,
    '-shared',
    '-pthread',
    '-static-libstdc++',
    '-Wl,--exclude-libs,ALL', // the static libstdc++'s symbols stay private: no clash with Node's
    '-Wl,--gc-sections',
    '-Wl,--as-needed',
    '-s',
    '-o',
    tmp,
    ...objects,
  ]);
  if (link.code !== 0) fail(`linking ${name} failed:\n${link.out}`);
  renameSync(tmp, out);
  const kb = Math.round(statSync(out).size / 1024);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`prebuild: ${name} -> prebuilds/${name}/mmlkit.node (${kb} KB, ${glibcNeeded(out)}, ${secs} s)`);
}

const wanted = process.argv.slice(2);
for (const name of wanted.length > 0 ? wanted : Object.keys(TARGETS)) await build(name);
