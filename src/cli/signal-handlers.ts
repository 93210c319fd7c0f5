/**
 * The command line's SIGINT/SIGTERM/SIGHUP handlers, installed when this module is evaluated:
 * main.ts imports it first, before commander and the library load (most of start-up), so a
 * signal during start-up already exits with the documented status. Library code never imports
 * it: only the `mmlkit` process owns its signals.
 */
import { Interrupted, TERMINATION_SIGNALS, type TerminationSignal } from './signals.js';

const interruption = new AbortController();
let cleansUp = false;

/**
 * Called by a command that writes files (pca, demo): from now on a signal aborts the returned
 * AbortSignal and the command removes what it staged and rethrows; before, a signal exits at once.
 */
export function cleanUpOnSignal(): AbortSignal {
  cleansUp = true;
  return interruption.signal;
}

for (const name of Object.keys(TERMINATION_SIGNALS) as TerminationSignal[]) {
  process.on(name, () => {
    // A second signal while cleaning up means "now": exit without waiting for the cleanup.
    if (!cleansUp || interruption.signal.aborted) process.exit(128 + TERMINATION_SIGNALS[name]);
    interruption.abort(new Interrupted(name));
  });
}
