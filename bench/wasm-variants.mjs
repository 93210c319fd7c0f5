// The two wasm builds side by side: plain (mul + add) against relaxed SIMD (fused multiply-add),
// each round timing one call on each, so both see the same machine load. Runs the kernels of
// the built package (npm run build:wasm && npm run build:ts) in this Node, or with --chromium in
// headless Chromium (/usr/bin/chromium, driven by playwright-core).
// Usage: node bench/wasm-variants.mjs [--chromium] [gemm=1024] [symEig=500] [rounds=10]
// Prints best and median per build, and the largest difference between the builds' results.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const inChromium = args[0] === '--chromium';
const [gemmN = 1024, eigN = 500, rounds = 10] = args.slice(inChromium ? 1 : 0).map(Number);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs in Node or in the page: `kernels` is dist's kernels.js, `files` the two .wasm as bytes. */
async function measure(kernels, files, gemmN, eigN, rounds) {
  const tables = {};
  for (const [name, bytes] of Object.entries(files)) {
    if (!WebAssembly.validate(bytes)) continue;
    tables[name] = kernels.instantiateWasmKernels(new WebAssembly.Module(bytes));
  }
  let seed = 1;
  const random = (len) => Float64Array.from({ length: len }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1);
  const a = random(gemmN * gemmN), b = random(gemmN * gemmN);
  const s = random(eigN * eigN);
  for (let i = 0; i < eigN; i++) for (let j = 0; j < i; j++) s[i * eigN + j] = s[j * eigN + i];
  const work = {
    [`gemm ${gemmN}`]: { flops: 2 * gemmN ** 3, run: (t) => { const c = new Float64Array(gemmN * gemmN); t.gemm(0, 0, gemmN, gemmN, gemmN, 1, a, b, 0, c); return c; } },
    [`symEig ${eigN} (vectors)`]: { flops: 0, run: (t) => { const w = new Float64Array(eigN), z = new Float64Array(eigN * eigN); t.symEig(eigN, s.slice(), w, z, 1); return w; } },
  };
  const out = {};
  for (const [label, { flops, run }] of Object.entries(work)) {
    const times = Object.fromEntries(Object.keys(tables).map((k) => [k, []]));
    const results = {};
    for (const t of Object.values(tables)) run(t); // warm: tier up
    for (let r = 0; r < rounds; r++) {
      for (const [name, t] of Object.entries(tables)) {
        const t0 = performance.now();
        results[name] = run(t);
        times[name].push(performance.now() - t0);
      }
    }
    let diff = 0, scale = 0;
    if (results.plain && results.relaxed) for (let i = 0; i < results.plain.length; i++) { diff = Math.max(diff, Math.abs(results.plain[i] - results.relaxed[i])); scale = Math.max(scale, Math.abs(results.plain[i])); }
    out[label] = { flops, times, maxDiffRelative: scale ? diff / scale : 0 };
  }
  return out;
}

function report(where, out) {
  const med = (x) => { const s = [...x].sort((p, q) => p - q); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
  console.log(`${where}, ${rounds} interleaved rounds`);
  for (const [label, { flops, times, maxDiffRelative }] of Object.entries(out)) {
    for (const [name, t] of Object.entries(times)) {
      const best = Math.min(...t), median = med(t);
      const rate = flops ? `  ${(flops / best / 1e6).toFixed(1)} GFLOP/s best, ${(flops / median / 1e6).toFixed(1)} median` : '';
      console.log(`  ${label.padEnd(22)} ${name.padEnd(8)} best ${best.toFixed(1)} ms, median ${median.toFixed(1)} ms${rate}`);
    }
    if (Object.keys(times).length === 2) console.log(`  ${label.padEnd(22)} max |plain − relaxed| / max |plain| = ${maxDiffRelative.toExponential(2)}`);
  }
}

const files = { plain: readFileSync(join(root, 'dist/wasm/mmlkit.wasm')), relaxed: readFileSync(join(root, 'dist/wasm/mmlkit-relaxed.wasm')) };

if (!inChromium) {
  const kernels = await import(join(root, 'dist/src/backend/wasm/kernels.js'));
  report(`Node ${process.version}`, await measure(kernels, files, gemmN, eigN, rounds));
} else {
  // Serves dist/ (the kernels' modules import one another by relative path) and a blank page.
  const dist = join(root, 'dist') + sep;
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(root, path));
    if (path === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>bench</title>');
    if (!file.startsWith(dist)) return res.writeHead(404).end();
    try {
      res.writeHead(200, { 'content-type': file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' }).end(readFileSync(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'], timeout: 30_000 });
  try {
    const page = await browser.newPage();
    await page.goto(origin);
    const [version, out] = await page.evaluate(async ({ measureSource, gemmN, eigN, rounds }) => {
      const kernels = await import('/dist/src/backend/wasm/kernels.js');
      const bytes = async (f) => new Uint8Array(await (await fetch(`/dist/wasm/${f}`)).arrayBuffer());
      const files = { plain: await bytes('mmlkit.wasm'), relaxed: await bytes('mmlkit-relaxed.wasm') };
      const measure = (0, eval)(`(${measureSource})`);
      return [navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0], await measure(kernels, files, gemmN, eigN, rounds)];
    }, { measureSource: measure.toString(), gemmN, eigN, rounds });
    report(`Chromium (${version})`, out);
  } finally {
    await browser.close();
    server.close();
  }
}
