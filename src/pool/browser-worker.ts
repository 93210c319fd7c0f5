/**
 * A `Pool` worker in browsers (a module Web Worker): readies wasm (from the page's compiled
 * module when the first message carries one), selects the pool's backend (sent with it), then runs the operations it is sent, one at a time (serve.ts).
 */
import { init, setBackend, type BackendChoice } from '../entry/browser.js';
import { serve, type PoolRequest, type PoolResponse } from './serve.js';
import { encodeError } from './wire.js';

interface Scope {
  onmessage: ((e: MessageEvent) => void) | null;
  postMessage(message: unknown, transfer: Transferable[]): void;
}
const scope = globalThis as unknown as Scope;

let ready: Promise<void> | undefined;
scope.onmessage = (e: MessageEvent) => {
  const data = e.data as { backend: BackendChoice; wasm?: WebAssembly.Module } | PoolRequest;
  if (!ready) {
    const { backend, wasm } = data as { backend: BackendChoice; wasm?: WebAssembly.Module };
    ready = init(wasm ? { wasm } : undefined).then(() => setBackend(backend));
    return;
  }
  // Messages are handled in order: each waits for the set-up (a no-op once it is done).
  void ready.then(
    () => {
      const { reply, transfer } = serve(data as PoolRequest);
      scope.postMessage(reply, transfer);
    },
    // The backend cannot be used in this worker (wasm failed to load, say): every call says why.
    (err: unknown) => scope.postMessage({ id: (data as PoolRequest).id, ok: false, error: encodeError(err), dispatches: [] } satisfies PoolResponse, []),
  );
};
