/**
 * Opening input files: only regular files are read (a FIFO would block `open` forever, a
 * directory fails later with a bare EISDIR), and the system's errors become `FileError`s that
 * name the file, so callers get an MmlError like every other bad input.
 */
import { closeSync, constants, fstatSync, openSync, type Stats } from 'node:fs';
import { FileError } from '../errors.js';

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  ENXIO: 'it is a socket; mmlkit reads regular files only', // open(2) on a socket
  EISDIR: 'is a directory, not a file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a parent of it is not a directory',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
  EEXIST: 'already exists',
};

/** `err` as a FileError about `path` when it is a system error (it has a code); otherwise `err`. */
export function fileError(err: unknown, path: string, verb: 'read' | 'write'): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return err;
  return new FileError(`cannot ${verb} ${path}: ${REASONS[code] ?? (err as Error).message} (${code})`, path, code);
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Opens `path` for reading if it is a regular file; a FileError otherwise. Opened with
 * O_NONBLOCK (which never blocks on a FIFO and changes nothing for a regular file) and checked
 * with fstat on that descriptor, so a path swapped for a FIFO between a check and the open
 * cannot hang the caller.
 */
export function openRegularFile(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw fileError(err, path, 'read');
  }
  let stats: Stats;
  try {
    stats = fstatSync(fd);
  } catch (err) {
    closeSync(fd);
    throw fileError(err, path, 'read');
  }
  if (!stats.isFile()) {
    closeSync(fd);
    throw new FileError(`cannot read ${path}: it is ${kindOf(stats)}; mmlkit reads regular files only`, path, stats.isDirectory() ? 'EISDIR' : 'ENOTREG');
  }
  return fd;
}

/** The size in bytes of `path`, after the same checks as `openRegularFile`. */
export function regularFileSize(path: string): number {
  const fd = openRegularFile(path);
  try {
    return fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
}
