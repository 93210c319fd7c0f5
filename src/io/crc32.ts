/**
 * CRC-32 (the ISO-HDLC polynomial of zlib, gzip and PNG), the checksum of binary shard parts.
 * Node's `zlib.crc32` (Node ≥ 20.15 / 22.2) runs zlib's folded, carry-less-multiply code at
 * several GB/s, which matters when `mmlkit merge` checks 1 GB of parts; older Node gets the
 * table-driven loop below (~0.5 GB/s) and the same values.
 */
import * as zlib from 'node:zlib';

const native = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

let table: Uint32Array | undefined;

function crc32Table(): Uint32Array {
  if (table) return table;
  table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/** The CRC-32 of `bytes`, continuing from `value` (the CRC of the bytes before them; 0 to start). */
export function crc32(bytes: Uint8Array, value = 0): number {
  return native ? native(bytes, value) >>> 0 : crc32Portable(bytes, value);
}

/** The table-driven CRC-32, whatever Node has (exported for the test that checks both agree). */
export function crc32Portable(bytes: Uint8Array, value = 0): number {
  const t = crc32Table();
  let c = ~value >>> 0;
  for (let i = 0; i < bytes.length; i++) c = t[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
