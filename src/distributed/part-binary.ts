/**
 * The binary form of a shard part (`mmlkit pca --shard i/n --emit part-i.bin`; layout in
 * docs/pca-accumulator-format.md): a 32-byte header, the part's JSON envelope (everything but
 * the accumulator, the shard and the rows, which are in the header: so the envelope is the same
 * bytes in every part of a data set, and a merge parses and checks it once), then the
 * accumulator's float64 values as they lie in memory, and a CRC-32 of all that. Reading it is a file read, a checksum and a view on the bytes: no base64 or JSON
 * of the d(d+1)/2 scatter values, which is what kept `mmlkit merge` of 1 000 parts of d = 500
 * above 2 s (1.3 GB of base64 to decode). This file checks the container (magic, version,
 * size, checksum); part.ts checks what it holds, as it does for JSON parts.
 *
 *   offset  size  field
 *   0       8     magic 89 6D 6D 6C 70 61 72 74 ("\x89mmlpart")
 *   8       4     u32 container version (1)
 *   12      4     u32 flags (0; a reader refuses bits it does not know)
 *   16      4     u32 d (0: no rows and no width)
 *   20      4     u32 E, envelope bytes (UTF-8 JSON)
 *   24      4     u32 shard index
 *   28      4     u32 shard count
 *   32      8     u64 n, rows
 *   40      E     envelope, then spaces to a multiple of 8 bytes (so the values are aligned)
 *   P       8d    mean, float64 little-endian
 *   P+8d    4d(d+1) scatter's lower triangle row by row, float64 little-endian
 *   end−4   4     u32 CRC-32 (zlib's) of every byte before it
 */
import { PartMismatchError } from '../errors.js';
import { crc32 } from '../io/crc32.js';

export const PART_BINARY_MAGIC = Uint8Array.from([0x89, 0x6d, 0x6d, 0x6c, 0x70, 0x61, 0x72, 0x74]);
export const PART_BINARY_VERSION = 1;
const HEADER = 40;
const TRAILER = 4;
/** Widest part read (as for JSON parts): its scatter alone is 17 GB. */
const MAX_D = 1 << 16;
const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/** The values a binary part holds, checked as a container only (part.ts checks the rest). */
export interface BinaryPartContents {
  /** The envelope's JSON bytes (a view on the part's bytes; unchecked). */
  envelope: Uint8Array;
  shard: { index: number; count: number };
  n: number;
  /** null: no rows and no width. */
  d: number | null;
  mean: Float64Array;
  lower: Float64Array;
}

/** Whether `bytes` start with the binary part magic (a JSON part starts with `{`). */
export function isBinaryPart(bytes: Uint8Array): boolean {
  if (bytes.length < PART_BINARY_MAGIC.length) return false;
  for (let i = 0; i < PART_BINARY_MAGIC.length; i++) if (bytes[i] !== PART_BINARY_MAGIC[i]) return false;
  return true;
}

const pad8 = (x: number) => (x + 7) & ~7;

/**
 * A binary part: `envelope` (the part's JSON fields but its accumulator, shard and rows), the
 * shard, rows `n`, width `d` (null for none) and the accumulator's mean and packed lower-triangle scatter.
 */
export function encodePartBinary(envelope: object, shard: { index: number; count: number }, n: number, d: number | null, mean: Float64Array, lower: Float64Array): Uint8Array {
  const text = new TextEncoder().encode(JSON.stringify(envelope));
  const w = d ?? 0;
  const at = HEADER + pad8(text.length);
  const size = at + 8 * (w + (w * (w + 1)) / 2) + TRAILER;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(PART_BINARY_MAGIC, 0);
  view.setUint32(8, PART_BINARY_VERSION, true);
  view.setUint32(12, 0, true);
  view.setUint32(16, w, true);
  view.setUint32(20, text.length, true);
  view.setUint32(24, shard.index, true);
  view.setUint32(28, shard.count, true);
  view.setBigUint64(32, BigInt(n), true);
  out.set(text, HEADER);
  out.fill(0x20, HEADER + text.length, at);
  for (let i = 0; i < w; i++) view.setFloat64(at + 8 * i, mean[i], true);
  for (let i = 0; i < lower.length; i++) view.setFloat64(at + 8 * (w + i), lower[i], true);
  view.setUint32(size - TRAILER, crc32(out.subarray(0, size - TRAILER)), true);
  return out;
}

/**
 * Reads a binary part's container: magic, version, flags, size, checksum. The returned arrays view `bytes` where they can (aligned, little-endian machine) or live
 * in `scratch(doubles)`: valid until either is reused.
 * @throws PartMismatchError naming `name`: not a binary part, another version, truncated or
 *   too long, a checksum that does not match (a corrupted file).
 */
export function readPartBinary(bytes: Uint8Array, name: string, scratch: (doubles: number) => Float64Array): BinaryPartContents {
  const fail = (field: string, msg: string): never => {
    throw new PartMismatchError(`${name}: ${msg}`, field, name);
  };
  if (!isBinaryPart(bytes)) fail('format', 'not a binary mmlkit part (its first bytes are not the magic \\x89mmlpart)');
  if (bytes.length < HEADER + TRAILER) fail('format', `truncated: ${bytes.length} bytes, shorter than a binary part's ${HEADER}-byte header and checksum`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== PART_BINARY_VERSION) fail('version', `binary part version ${version} is not supported (this mmlkit reads version ${PART_BINARY_VERSION})`);
  const flags = view.getUint32(12, true);
  if (flags !== 0) fail('format', `binary part flags 0x${flags.toString(16)} are not supported (this mmlkit knows none)`);
  const w = view.getUint32(16, true);
  const envelopeBytes = view.getUint32(20, true);
  if (w > MAX_D) fail('accumulator.d', `d = ${w} is beyond the widest part read (${MAX_D} columns)`);
  const doubles = w + (w * (w + 1)) / 2;
  const at = HEADER + pad8(envelopeBytes);
  const size = at + 8 * doubles + TRAILER;
  if (bytes.length < size) fail('format', `truncated: ${bytes.length} bytes, but its header (d = ${w}, ${envelopeBytes}-byte envelope) makes a part of ${size}`);
  if (bytes.length > size) fail('format', `${bytes.length - size} bytes after the end of the part (its header makes it ${size} bytes): not one whole part`);
  const stored = view.getUint32(size - TRAILER, true);
  const actual = crc32(bytes.subarray(0, size - TRAILER));
  if (stored !== actual) fail('checksum', `checksum mismatch (CRC-32 stored 0x${stored.toString(16).padStart(8, '0')}, computed 0x${actual.toString(16).padStart(8, '0')}): the file is corrupted`);
  const big = view.getBigUint64(32, true);
  if (big > BigInt(Number.MAX_SAFE_INTEGER)) fail('rows', `n = ${big} rows is beyond 2^53`);
  const shard = { index: view.getUint32(24, true), count: view.getUint32(28, true) };
  let values: Float64Array;
  if (LITTLE_ENDIAN && (bytes.byteOffset + at) % 8 === 0) {
    values = new Float64Array(bytes.buffer, bytes.byteOffset + at, doubles);
  } else {
    values = scratch(doubles).subarray(0, doubles);
    for (let i = 0; i < doubles; i++) values[i] = view.getFloat64(at + 8 * i, true);
  }
  return { envelope: bytes.subarray(HEADER, HEADER + envelopeBytes), shard, n: Number(big), d: w === 0 ? null : w, mean: values.subarray(0, w), lower: values.subarray(w) };
}
