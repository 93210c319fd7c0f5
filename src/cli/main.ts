#!/usr/bin/env node
/**
 * The `mmlkit` command. Exit codes: 0 ok, 1 bad input, 2 usage, 128 + n killed by signal n
 * (SIGINT 130, SIGTERM 143, SIGHUP 129) — see the README's command-line section.
 *
 * The signal handlers are installed first, and everything else (commander, the library, the
 * native addon) is loaded afterwards by a dynamic import: loading that module graph is most of
 * the start-up time (≈ 0.5 s on a busy machine), and a signal arriving during it would
 * otherwise kill the process with the default action.
 */
import './signal-handlers.js';

await import('./program.js');
