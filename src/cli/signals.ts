/**
 * SIGINT, SIGTERM and SIGHUP: a command that writes files stops its workers, removes what it
 * staged and exits with 128 + the signal's number (130, 143, 129), the status a shell reports
 * for a process killed by that signal. Other commands simply exit with that status. The
 * handlers themselves are in signal-handlers.ts (the command line only).
 */
import { MmlError } from '../errors.js';

export const TERMINATION_SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
export type TerminationSignal = keyof typeof TERMINATION_SIGNALS;

/** The run was stopped by a signal before it published anything. */
export class Interrupted extends MmlError {
  constructor(readonly signal: TerminationSignal) {
    super(`interrupted by ${signal}; --out was left as it was`);
  }

  get exitCode(): number {
    return 128 + TERMINATION_SIGNALS[this.signal];
  }
}

/** Throws the abort reason when `signal` has fired (checked at every step of a run). */
export function throwIfInterrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Interrupted('SIGINT');
}
