#!/usr/bin/env node
// `install` script. The package ships prebuilt addons (prebuilds/<platform>-<arch>/mmlkit.node,
// loaded at run time without this script); this compiles one with node-gyp only when none of
// them loads on this platform, CPU and C library. It never fails the install: without the
// addon mmlkit runs on its wasm backend. When it cannot build, it leaves the reason in
// build/native-build-error.txt (the runtime loader reports it through backends()) and prints
// one line on the terminal — npm hides install scripts' output, so the line goes to /dev/tty.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const errorFile = join(root, 'build', 'native-build-error.txt');
const isWin = process.platform === 'win32';
const target = `${process.platform}-${process.arch}`;
// Installed packages live under node_modules (npm, pnpm, yarn); a clone has the dev script.
const installed = root.split(sep).includes('node_modules');
const REBUILD = installed ? 'npm rebuild mmlkit' : 'npm run build:native';

/** One line the user sees even though npm swallows the script's output. */
function tell(line) {
  if (!isWin) {
    try {
      const fd = openSync('/dev/tty', 'w');
      writeSync(fd, `${line}\n`);
      closeSync(fd);
      return;
    } catch {
      // No terminal (CI, containers): stderr, which npm keeps in its log.
    }
  }
  console.error(line);
}

/** Records why there is no addon and says so in one line, with what to run; exits 0. */
function giveUp(reason, fix) {
  try {
    mkdirSync(dirname(errorFile), { recursive: true });
    writeFileSync(errorFile, `${reason}\n`);
  } catch {
    // Nothing more to do: the line below still tells the user.
  }
  tell(`mmlkit: native addon unavailable (${reason}); mmlkit runs on wasm. ${fix}`);
  process.exit(0);
}

/** The prebuild for this platform and CPU, if shipped: undefined when it loads, else why not. */
function prebuildProblem() {
  const prebuilt = join(root, 'prebuilds', target, 'mmlkit.node');
  if (!existsSync(prebuilt)) return `no prebuilt addon for ${target}`;
  // Loaded in a child so a bad binary cannot take this process down.
  const probe = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(prebuilt)})`], { encoding: 'utf8' });
  if (probe.status === 0) return undefined;
  const why = (probe.stderr.split('\n').find((l) => /Error/.test(l)) ?? `exit ${probe.status ?? probe.signal}`).trim();
  return `the prebuilt addon for ${target} does not load here: ${why}`;
}

/** The build tools node-gyp needs that are not on PATH. */
function missingTools() {
  if (isWin) return []; // node-gyp finds Visual Studio itself and says what is missing
  const has = (cmd) => spawnSync('/bin/sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
  const missing = [];
  const cxx = process.env.CXX?.split(' ')[0];
  if (cxx ? !has(cxx) : !has('g++') && !has('c++') && !has('clang++')) missing.push(cxx ?? 'g++');
  if (!has('make')) missing.push('make');
  if (!has('python3') && !has('python')) missing.push('python3');
  return missing;
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
  if (process.env.MMLKIT_SKIP_NATIVE === '1') {
    mkdirSync(dirname(errorFile), { recursive: true });
    writeFileSync(errorFile, 'not built: MMLKIT_SKIP_NATIVE=1 at install\n');
    console.log('mmlkit: MMLKIT_SKIP_NATIVE=1: not building the native addon.');
    process.exit(0);
  }

  // In a clone the prebuilds are the developer's own build outputs, perhaps older than the
  // sources: build from the sources unless asked to take the prebuild (CI's second Node does,
  // to run the suite on the binary users get). An installed package takes its prebuild.
  const preferPrebuild = installed || process.env.MMLKIT_PREFER_PREBUILD === '1';
  const problem = preferPrebuild ? prebuildProblem() : 'a clone builds from its sources';
  if (!problem) {
    rmSync(errorFile, { force: true });
    console.log(`mmlkit: using the prebuilt native addon for ${target}; nothing to build.`);
    process.exit(0);
  }

  const missing = missingTools();
  if (missing.length > 0) {
    giveUp(`${problem}, and ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not installed to build one`,
      `To get it: install a C++ compiler, make and python3, then run \`${REBUILD}\`.`);
  }

  const [cmd, pre] = nodeGyp();
  const args = [...pre, 'rebuild', ...nodedirArgs()];
  console.log(`mmlkit: ${problem}; building it: ${[cmd, ...args].join(' ')}`);
  const run = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: isWin });
  const seeOutput = `To see the compiler's output: \`${installed ? `${REBUILD} --foreground-scripts` : REBUILD}\`.`;
  if (run.error) giveUp(`${problem}, and node-gyp could not run (${run.error.message})`, seeOutput);
  if (run.status !== 0) {
    giveUp(`${problem}, and building one failed (node-gyp ${run.signal ? `killed by ${run.signal}` : `exit code ${run.status}`})`, seeOutput);
  }
  if (!existsSync(join(root, 'build', 'Release', 'mmlkit.node'))) {
    giveUp(`${problem}, and node-gyp succeeded without making build/Release/mmlkit.node`, seeOutput);
  }
  rmSync(errorFile, { force: true });
  console.log('mmlkit: native addon built: build/Release/mmlkit.node');
} catch (err) {
  giveUp(`unexpected error in scripts/build-native.mjs (${err?.message ?? err})`, `Retry with \`${REBUILD}\`.`);
}
