/**
 * The `--out` directory of `mmlkit pca`, published as a whole: the outputs are written into a
 * fresh staging directory beside it, and only a finished run swaps that directory in
 * (rename the old `--out` aside, rename the staging directory onto `--out`, delete the old
 * outputs). Readers and concurrent runs therefore only ever see one run's complete set of
 * files: when two runs race, each swap replaces a whole directory and the last one wins.
 *
 * Because the old directory is replaced, `--out` may only hold files mmlkit writes; anything
 * else in it (a user's notes, the input itself, a subdirectory) is refused up front rather
 * than deleted.
 */
import { accessSync, constants, lstatSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { MmlError } from '../errors.js';

/** Every file `mmlkit pca` may write into --out. */
export const OUTPUT_FILES = ['model.json', 'components.csv', 'explained_variance.csv', 'projections.npy', 'projections.csv', 'scree.svg', 'scatter.svg'];

/** Names of staging (`.out.tmp-…`) and replaced (`.out.old-…`) directories beside `--out`. */
function siblingName(path: string, what: 'tmp' | 'old'): string {
  return join(dirname(path), `.${basename(path)}.${what}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

export class OutputDir {
  /** Absolute path of --out. */
  readonly path: string;
  private staging: string | undefined;
  /** The first missing ancestor this run created (removed again if the run fails). */
  private createdParent: string | undefined;

  /** Checks `out` before any work, so a bad --out fails at once with the real reason. */
  constructor(private readonly given: string) {
    this.path = resolve(given);
    const cwd = process.cwd();
    if (this.path === cwd || cwd.startsWith(this.path + sep) || this.path === dirname(this.path)) {
      throw new MmlError(`--out ${given} is the current directory or holds it; give a directory of its own`);
    }
    let ancestor = dirname(this.path);
    for (;;) {
      try {
        if (!statSync(ancestor).isDirectory()) throw new MmlError(`--out ${given}: ${ancestor} is not a directory`);
        accessSync(ancestor, constants.W_OK | constants.X_OK); // found now, not after the whole fit
        break;
      } catch (err) {
        if (err instanceof MmlError) throw err;
        const code = (err as NodeJS.ErrnoException).code;
        // ENOTDIR: an ancestor further up is a file; the walk reaches it and says so.
        if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new MmlError(`--out ${given}: cannot write in ${ancestor} (${code === 'EROFS' ? 'read-only file system' : 'permission denied'})`);
        if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new MmlError(`--out ${given}: cannot use ${ancestor}: ${(err as Error).message}`);
        ancestor = dirname(ancestor);
      }
    }
    this.checkExisting();
  }

  /** An existing --out must be a real directory holding nothing but mmlkit's outputs. */
  private checkExisting(): void {
    let st;
    try {
      st = lstatSync(this.path);
    } catch {
      return; // does not exist (yet)
    }
    if (st.isSymbolicLink()) throw new MmlError(`--out ${this.given} is a symbolic link; give the directory itself`);
    if (!st.isDirectory()) throw new MmlError(`--out ${this.given} exists and is not a directory`);
    const foreign = readdirSync(this.path).filter((f) => !OUTPUT_FILES.includes(f));
    if (foreign.length > 0) {
      const shown = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? ', …' : '');
      throw new MmlError(`--out ${this.given} holds files mmlkit did not write (${shown}); it is replaced as a whole, so give an empty or new directory`);
    }
  }

  /** Creates the staging directory (and any missing parent of --out); returns its path. */
  stage(): string {
    if (this.staging) return this.staging;
    this.createdParent = mkdirSync(dirname(this.path), { recursive: true });
    const staging = siblingName(this.path, 'tmp');
    mkdirSync(staging); // not mkdtemp: its 0700 mode would become --out's
    this.staging = staging;
    return staging;
  }

  /**
   * Swaps the staging directory in as --out. Returns warnings (an old directory that could not
   * be removed). Synchronous, so no signal handler can run in the middle of it.
   */
  publish(): string[] {
    const staging = this.stage();
    this.checkExisting(); // a file may have appeared in --out while the run was working
    const warnings: string[] = [];
    // Another run may swap its directory in between our two renames (rename onto a non-empty
    // directory then fails): move that one aside as well and try again.
    for (let attempt = 0; ; attempt++) {
      const aside = siblingName(this.path, 'old');
      let moved = false;
      try {
        renameSync(this.path, aside);
        moved = true;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // ENOTDIR: an ancestor further up is a file; the walk reaches it and says so.
        if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
      }
      try {
        renameSync(staging, this.path);
        this.staging = undefined;
        if (moved) warnings.push(...removeOldOutputs(aside));
        return warnings;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (moved) warnings.push(...removeOldOutputs(aside));
        if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || attempt >= 100) throw err;
      }
    }
  }

  /** Removes the staging directory and any parent this run created. Never throws. */
  discard(): void {
    if (this.staging) {
      try {
        rmSync(this.staging, { recursive: true, force: true, maxRetries: 3 });
        this.staging = undefined;
      } catch {
        // Leave it: hiding the run's real error behind a cleanup error would be worse.
      }
    }
    if (this.createdParent) {
      for (let dir = dirname(this.path); dir.length >= this.createdParent.length; dir = dirname(dir)) {
        try {
          rmdirSync(dir);
        } catch {
          break;
        }
      }
      this.createdParent = undefined;
    }
  }
}

/** Deletes the outputs in a replaced directory, then the directory; leaves anything else. */
function removeOldOutputs(dir: string): string[] {
  for (const f of OUTPUT_FILES) {
    try {
      unlinkSync(join(dir, f));
    } catch {
      // absent
    }
  }
  try {
    rmdirSync(dir);
    return [];
  } catch {
    return [`left ${dir}: it holds files mmlkit did not write`];
  }
}
