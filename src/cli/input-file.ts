/**
 * The input of `mmlkit pca` must be a regular file: it is read by several workers at byte
 * offsets, so a FIFO, socket, directory or device cannot work (a FIFO would even block the
 * open until a writer appears). The file is opened with O_NONBLOCK, which never blocks on a
 * FIFO, and fstat'ed before anything is read.
 */
import { closeSync, constants, fstatSync, openSync, type Stats } from 'node:fs';
import { MmlError } from '../errors.js';

/** Returns the size of `file`, or throws an MmlError saying why it cannot be read. */
export function regularFileSize(file: string): number {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new MmlError(`cannot read ${file}: ${reason(err as NodeJS.ErrnoException)}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new MmlError(`cannot read ${file}: it is ${kind(st)}; mmlkit pca reads regular files only`);
    return st.size;
  } finally {
    closeSync(fd);
  }
}

function reason(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENXIO': // open(2) on a socket
      return 'it is a socket; mmlkit pca reads regular files only';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return err.code ?? err.message;
  }
}

function kind(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}
