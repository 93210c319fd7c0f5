/**
 * The accumulator's number encoding: base64 of little-endian float64, bit-exact both ways and
 * identical to Node's own base64 (so numpy / any base64 decoder reads it).
 */
import { describe, expect, it } from 'vitest';
import { decodeBase64Bytes, decodeFloat64, encodeFloat64 } from '../../src/pca/float64-base64.js';
import { Rng } from '../../src/random.js';

describe('float64 base64', () => {
  it.each([0, 1, 2, 3, 5, 1000, 20001])('round-trips %i values bit for bit and matches Buffer', (len) => {
    const rng = new Rng(len);
    const x = new Float64Array(len).map(() => (rng.next() - 0.5) * 10 ** Math.floor(rng.next() * 40 - 20));
    if (len > 3) x.set([-0, Number.MIN_VALUE, Number.MAX_VALUE], 0);
    const s = encodeFloat64(x);
    expect(s).toBe(Buffer.from(x.buffer).toString('base64'));
    const back = decodeFloat64(s) as Float64Array;
    expect(new Uint8Array(back.buffer)).toEqual(new Uint8Array(x.buffer));
  });

  it('decodes a known value: 1.0 is 00 00 00 00 00 00 F0 3F', () => {
    expect(encodeFloat64(new Float64Array([1]))).toBe('AAAAAAAA8D8=');
    expect(Array.from(decodeFloat64('AAAAAAAA8D8=') as Float64Array)).toEqual([1]);
  });

  it('reports malformed input instead of guessing', () => {
    expect(decodeFloat64('AAA')).toBe('base64 length 3 is not a multiple of 4');
    expect(decodeFloat64('AAAA')).toBe('3 bytes is not a whole number of float64 values');
    expect(decodeFloat64('AAAAAAA*8D8=')).toBe('invalid base64 character "*" at offset 7');
    expect(decodeFloat64('AA=AAAAA8D8=')).toBe('invalid base64 character "=" at offset 2');
  });
});

describe('decodeBase64Bytes (base64 inside a file\'s bytes, as mmlkit merge reads parts)', () => {
  const x = new Float64Array(20_000).map((_, i) => Math.sin(i) * 10 ** ((i % 40) - 20));
  x[3] = -0;

  it('decodes any length, across its 48 KB blocks, at an offset in the bytes', () => {
    for (const k of [0, 1, 2, 3, 7, 6144, 6145, 20_000]) {
      const text = encodeFloat64(x.subarray(0, k));
      const bytes = new TextEncoder().encode(`{"scatter":"${text}"}`);
      const out = new Float64Array(k);
      expect(decodeBase64Bytes(bytes, 12, 12 + text.length, new Uint8Array(out.buffer))).toBe(k * 8);
      expect(Object.is(out[3], k > 3 ? -0 : out[3])).toBe(true);
      expect(Array.from(out)).toEqual(Array.from(x.subarray(0, k)));
    }
  });

  it('refuses what is not padded base64 of the RFC 4648 alphabet, or does not fit', () => {
    const bytes = (s: string) => new TextEncoder().encode(s);
    for (const bad of ['AAAA*AAA', 'AA=A', 'AA-A', 'AAAA_AAA', 'AAA', 'AAAA AAA', 'AAAAAAé=']) {
      expect(decodeBase64Bytes(bytes(bad), 0, bytes(bad).length, new Uint8Array(16))).toBe(-1);
    }
    expect(decodeBase64Bytes(bytes('AAAAAA=='), 0, 8, new Uint8Array(16))).toBe(4);
    expect(decodeBase64Bytes(bytes('AAAAAAAA'), 0, 8, new Uint8Array(5))).toBe(-1); // 6 bytes do not fit
  });
});
