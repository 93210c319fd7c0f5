import { describe, expect, it } from 'vitest';
import { OptionError, ShapeError } from '../../src/errors.js';
import { imageGrid } from '../../src/plot/image-grid.js';

/** Per image: the pixel rects as [x, y, grey]. */
function pixels(svg: string): [number, number, number][][] {
  return [...svg.matchAll(/<g class="image"[^>]*>(.*?)<\/g>/g)].map((g) =>
    [...g[1].matchAll(/<rect x="(\d+)" y="(\d+)" width="1" height="1" fill="rgb\((\d+),\3,\3\)"\/>/g)].map(
      (m): [number, number, number] => [Number(m[1]), Number(m[2]), Number(m[3])],
    ),
  );
}

describe('imageGrid', () => {
  it('one rect per pixel, row by row; low values white, high black, on one shared scale', () => {
    // Two 2×2 images: 0..3 and 2..5; shared range [0, 5].
    const svg = imageGrid([[0, 1, 2, 3], [2, 3, 4, 5]]);
    const imgs = pixels(svg);
    expect(imgs.length).toBe(2);
    expect(imgs[0].map(([x, y]) => [x, y])).toEqual([[0, 0], [1, 0], [0, 1], [1, 1]]);
    expect(imgs[0].map((p) => p[2])).toEqual([255, 204, 153, 102]); // 255·(1 − v/5)
    expect(imgs[1].map((p) => p[2])).toEqual([153, 102, 51, 0]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  });

  it('a fixed range clamps, a non-finite pixel is left out, imageWidth allows non-square images', () => {
    const svg = imageGrid([[-5, 0, 8, 16, 99, NaN]], { imageWidth: 3, range: [0, 16] });
    const [img] = pixels(svg);
    expect(img).toEqual([[0, 0, 255], [1, 0, 255], [2, 0, 128], [0, 1, 0], [1, 1, 0]]);
    expect(svg).toContain('<rect width="3" height="2" fill="none"'); // the frame is 3 wide, 2 high
  });

  it('lays images out `columns` to a row, sized from pixelSize and gap, with escaped labels', () => {
    const five = Array.from({ length: 5 }, (_, i) => [i, i, i, i]);
    const svg = imageGrid(five, { columns: 2, pixelSize: 10, gap: 4, rowLabels: ['a<b', 'c'], columnLabels: ['x', 'y'] });
    const translates = [...svg.matchAll(/translate\(([\d.]+) ([\d.]+)\) scale\(10\)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(translates.length).toBe(5);
    const xs = [...new Set(translates.map((t) => t[0]))];
    const ys = [...new Set(translates.map((t) => t[1]))];
    expect(xs.length).toBe(2);
    expect(ys.length).toBe(3);
    expect(xs[1] - xs[0]).toBe(2 * 10 + 4);
    expect(ys[1] - ys[0]).toBe(2 * 10 + 4);
    expect(svg).toContain('>a&lt;b</text>');
    expect(svg).not.toContain('a<b');
    const width = Number(/<svg [^>]*width="([\d.]+)"/.exec(svg)![1]);
    expect(width).toBe(xs[0] + 2 * (2 * 10 + 4)); // left margin + two cells
  });

  it('refuses rows that are not whole images and bad options', () => {
    expect(() => imageGrid([[1, 2, 3]])).toThrow(ShapeError); // 3 pixels: not a square
    expect(() => imageGrid([[1, 2, 3, 4, 5, 6]], { imageWidth: 4 })).toThrow(/multiple of imageWidth 4/);
    expect(() => imageGrid([[1, 2, 3, 4]], { columns: 0 })).toThrow(OptionError);
    expect(() => imageGrid([[1, 2, 3, 4]], { pixelSize: 0 })).toThrow(OptionError);
    expect(() => imageGrid([[1, 2, 3, 4]], { range: [1, 1] })).toThrow(OptionError);
    expect(() => imageGrid([[1, 2, 3, 4]], { imageWidth: 1.5 })).toThrow(OptionError);
  });
});
