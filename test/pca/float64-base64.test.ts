/**
 * The accumulator's number encoding: base64 of little-endian float64, bit-exact both ways and
 * identical to Node's own base64 (so numpy / any base64 decoder reads it).
 */
import { describe, expect, it } from 'vitest';
import { decodeFloat64, encodeFloat64 } from '../../src/pca/float64-base64.js';
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
