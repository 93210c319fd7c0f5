/**
 * numpy as an outside anchor: one long-lived python3 process per environment variant, kept
 * warm, that runs a requested case and reports the times it measured itself (perf_counter
 * around the call only), so Python start-up, imports and the pipe are never timed.
 * Optional: when python3 or numpy is missing the anchor's rows are skipped with a note.
 *
 * Two variants, both visible in the tables:
 * - `numpy` ("best"): OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed from THAT process's
 *   environment only, so OpenBLAS picks its kernel from the CPU it runs on. Nothing else
 *   (tests, CI, this Node process) sees the change.
 * - `numpy-env`: the environment as set (on the CI machines OPENBLAS_CORETYPE=Haswell).
 *
 * Which OpenBLAS kernel ran (threadpoolctl is not installed): the worker lists the OpenBLAS
 * libraries mapped into its own address space (/proc/self/maps) and calls each one's
 * `openblas_get_corename()` through ctypes — numpy's wheel renames it
 * `scipy_openblas_get_corename64_`, scipy's `scipy_openblas_get_corename`, so the known
 * spellings are tried in turn. Cross-check: the worker also runs with OPENBLAS_VERBOSE=2, which
 * makes OpenBLAS print "Core: <name>" on stderr when each library loads; both are recorded.
 * (`np.show_config()` only tells the build's configuration, "DYNAMIC_ARCH … Haswell", not the
 * kernel picked at run time.)
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

export type NumpyVariant = 'numpy' | 'numpy-env' | 'sklearn';
/** The numpy anchors every workload offers (`numpyCases`). */
export const NUMPY_VARIANTS: NumpyVariant[] = ['numpy', 'numpy-env'];
/**
 * Every worker variant: the two numpy ones, and `sklearn`, the interpreter that has
 * scikit-learn (Debian's python3-sklearn lives beside /usr/bin/python3, not in the default
 * python3 with the newest numpy; MMLKIT_SKLEARN_PYTHON overrides), environment as set.
 */
export const WORKER_VARIANTS: NumpyVariant[] = [...NUMPY_VARIANTS, 'sklearn'];

function pythonOf(variant: NumpyVariant): string {
  return variant === 'sklearn' ? (process.env.MMLKIT_SKLEARN_PYTHON ?? '/usr/bin/python3') : 'python3';
}

/** The environment variables removed for the `numpy` (best-kernel) variant. */
export const PINNING_VARS = ['OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE'];

/** One OpenBLAS library loaded by the worker and the kernel it picked. */
export interface OpenblasLib {
  file: string;
  corename: string;
  /** The ctypes symbol that answered. */
  symbol: string;
}

export interface NumpyInfo {
  variant: NumpyVariant;
  numpy: string;
  /** OpenBLAS build configuration string from numpy's build info, when present. */
  config: string | null;
  /** Kernels reported by openblas_get_corename() of every loaded OpenBLAS library. */
  libs: OpenblasLib[];
  /** "Core: X" lines OpenBLAS printed at load (OPENBLAS_VERBOSE=2). */
  verboseCores: string[];
  /** The pinning variables as this worker saw them (unset → absent). */
  env: Record<string, string>;
  method: string;
}

export const CORENAME_METHOD =
  'ctypes openblas_get_corename() (numpy wheel: scipy_openblas_get_corename64_) on each OpenBLAS library in /proc/self/maps; cross-checked with OPENBLAS_VERBOSE=2 "Core:" lines';

const WORKER = String.raw`
import sys, os, json, time, ctypes
import numpy as np
SYMBOLS = ('openblas_get_corename', 'scipy_openblas_get_corename64_', 'scipy_openblas_get_corename', 'openblas_get_corename64_')
def libs():
    out = []
    try:
        paths = sorted({l.split()[-1] for l in open('/proc/self/maps') if 'openblas' in l.lower() and l.split()[-1].startswith('/')})
    except OSError:
        paths = []
    for p in paths:
        try:
            lib = ctypes.CDLL(p)
        except OSError:
            continue
        for s in SYMBOLS:
            f = getattr(lib, s, None)
            if f is not None:
                f.restype = ctypes.c_char_p
                out.append({'file': os.path.basename(p), 'corename': f().decode(), 'symbol': s})
                break
    return out
def config():
    try:
        return ' '.join(np.__config__.CONFIG['Build Dependencies']['blas'].get('openblas configuration', '').split()) or None
    except Exception:
        return None
env = {k: os.environ[k] for k in ('OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE') if k in os.environ}
print(json.dumps({'ready': True, 'numpy': np.__version__, 'config': config(), 'libs': libs(), 'env': env}), flush=True)
space_key, space = None, None
for line in sys.stdin:
    req = json.loads(line)
    try:
        if req['setup'] != space_key:
            space_key, space = None, {'np': np, 'rng': np.random.default_rng(1)}
            exec(req['setup'], space)
            space_key = req['setup']
        f = eval('lambda: ' + req['stmt'], space)
        for _ in range(req['warmup']):
            f()
        ts, spent = [], 0.0
        while len(ts) < req['min'] or (spent < req['budget'] and len(ts) < req['max']):
            t = time.perf_counter(); f(); d = (time.perf_counter() - t) * 1e3
            ts.append(d); spent += d
        print(json.dumps({'id': req['id'], 'ms': ts, 'libs': libs()}), flush=True)
    except Exception as e:
        print(json.dumps({'id': req['id'], 'error': type(e).__name__ + ': ' + str(e)}), flush=True)
`;

export interface TimeRequest {
  /** Python run once per distinct setup (rng = np.random.default_rng(1) is in scope). */
  setup: string;
  /** A Python expression, the thing timed. */
  stmt: string;
  /** Untimed calls first (default 1). */
  warmup?: number;
  /** At least this many timed calls (default 3). */
  min?: number;
  /** More calls while the time spent is under this many ms (default 0)… */
  budgetMs?: number;
  /** …up to this many (default 50). */
  max?: number;
}

class NumpyWorker {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, { resolve: (v: { ms: number[]; libs: OpenblasLib[] }) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private stderr = '';
  private failed: Error | undefined;
  readonly ready: Promise<NumpyInfo>;

  constructor(readonly variant: NumpyVariant) {
    const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_VERBOSE: '2' };
    if (variant === 'numpy') for (const k of PINNING_VARS) delete env[k];
    this.child = spawn(pythonOf(variant), ['-u', '-c', WORKER], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (s: string) => (this.stderr = (this.stderr + s).slice(-20_000)));
    let onReady!: (info: NumpyInfo) => void;
    let onFail!: (e: Error) => void;
    this.ready = new Promise<NumpyInfo>((res, rej) => ((onReady = res), (onFail = rej)));
    this.ready.catch(() => undefined); // a missing python3 is reported by whoever awaits it
    const fail = (e: Error) => {
      this.failed ??= e;
      onFail(e);
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    this.child.on('error', (e) => fail(new Error(`${pythonOf(variant)} unavailable: ${e.message}`)));
    this.child.on('exit', (code) => {
      const last = this.stderr.trim().split('\n').filter((l) => !l.startsWith('Core:')).pop() ?? '';
      fail(new Error(`numpy worker exited (code ${code})${last ? `: ${last}` : ''}`));
    });
    const lines = createInterface({ input: this.child.stdout });
    lines.on('line', (line) => {
      let msg: { ready?: boolean; id?: number; ms?: number[]; libs?: OpenblasLib[]; error?: string; numpy?: string; config?: string | null; env?: Record<string, string> };
      try {
        msg = JSON.parse(line);
      } catch {
        return; // a stray print from a library; not ours
      }
      if (msg.ready) {
        onReady({
          variant,
          numpy: msg.numpy ?? '?',
          config: msg.config ?? null,
          libs: msg.libs ?? [],
          verboseCores: this.verboseCores(),
          env: msg.env ?? {},
          method: CORENAME_METHOD,
        });
        return;
      }
      const p = msg.id === undefined ? undefined : this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id!);
      if (msg.error) p.reject(new Error(`numpy: ${msg.error}`));
      else p.resolve({ ms: msg.ms ?? [], libs: msg.libs ?? [] });
    });
  }

  verboseCores(): string[] {
    return [...this.stderr.matchAll(/^Core: (\S+)/gm)].map((m) => m[1]);
  }

  async time(req: TimeRequest): Promise<{ ms: number[]; libs: OpenblasLib[] }> {
    await this.ready;
    if (this.failed) throw this.failed;
    const id = this.nextId++;
    const msg = {
      id,
      setup: req.setup,
      stmt: req.stmt,
      warmup: req.warmup ?? 1,
      min: req.min ?? 3,
      budget: req.budgetMs ?? 0,
      max: req.max ?? 50,
    };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.stdin.write(`${JSON.stringify(msg)}\n`);
    });
  }

  close(): void {
    this.child.removeAllListeners('exit');
    this.child.stdin.end();
    this.child.kill();
  }
}

const workers = new Map<NumpyVariant, NumpyWorker>();

/** The warm worker for a variant (started on first use). */
export function numpyWorker(variant: NumpyVariant): NumpyWorker {
  let w = workers.get(variant);
  if (!w) workers.set(variant, (w = new NumpyWorker(variant)));
  return w;
}

/** What the variant's worker reports about numpy and OpenBLAS, or the reason it cannot run. */
export async function numpyInfo(variant: NumpyVariant): Promise<NumpyInfo | string> {
  try {
    const w = numpyWorker(variant);
    const info = await w.ready;
    return { ...info, verboseCores: w.verboseCores() };
  } catch (e) {
    return (e as Error).message;
  }
}

/** One line for a table header: "numpy 2.4.6, OpenBLAS kernel Haswell (…)". */
export function describeNumpy(info: NumpyInfo | string): string {
  if (typeof info === 'string') return `unavailable (${info})`;
  const cores = info.libs.map((l) => `${l.corename} [${l.file.replace(/-[0-9a-f]{8}\.so.*$/, '')}]`).join(', ') || 'unknown';
  const pinned = Object.entries(info.env).map(([k, v]) => `${k}=${v}`).join(' ') || 'none';
  return `numpy ${info.numpy}, OpenBLAS kernel ${cores}; verbose: ${info.verboseCores.join(', ') || '-'}; pinning vars: ${pinned}`;
}

/** Stops every worker (call once at the end of a run so the process can exit). */
export function closeNumpyWorkers(): void {
  for (const w of workers.values()) w.close();
  workers.clear();
}
