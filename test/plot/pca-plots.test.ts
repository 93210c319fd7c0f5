import { describe, expect, it } from 'vitest';
import { screePlot } from '../../src/plot/scree.js';
import { scatterPlot } from '../../src/plot/scatter.js';
import { PALETTE, SvgFigure } from '../../src/plot/svg.js';

/** The <rect> elements inside the clipped plot area (bars), as numbers. */
function bars(svg: string): { x: number; y: number; width: number; height: number }[] {
  const plot = svg.slice(svg.indexOf('<g clip-path'), svg.indexOf('</g>\n', svg.indexOf('<g clip-path')));
  return [...plot.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"\/>/g)].map((m) => ({
    x: Number(m[1]), y: Number(m[2]), width: Number(m[3]), height: Number(m[4]),
  }));
}

describe('SvgFigure.bars', () => {
  it('draws bars from y = 0 with heights proportional to the values, and a legend swatch', () => {
    const svg = new SvgFigure({ width: 400, height: 300, padding: 50, yRange: [0, 4], xRange: [0, 4] })
      .bars([1, 2, 3], [1, 2, 4], { width: 0.5, fill: '#123456', label: 'counts' })
      .toString();
    const b = bars(svg);
    expect(b.length).toBe(3);
    // plot area 300 × 200 px for [0, 4] × [0, 4]: 75 px per x unit, 50 px per y unit
    expect(b.map((r) => r.height)).toEqual([50, 100, 200]);
    expect(b.map((r) => r.width)).toEqual([37.5, 37.5, 37.5]);
    expect(b.map((r) => r.y + r.height)).toEqual([250, 250, 250]); // all stand on y = 0
    expect(svg).toContain('fill="#123456"');
    expect(svg).toMatch(/<g class="legend">.*<rect [^>]*fill="#123456"\/>.*counts/s);
  });

  it('auto ranges include the baseline and the bar widths', () => {
    const b = bars(new SvgFigure({ width: 400, height: 300, padding: 50 }).bars([1, 2], [5, 6]).toString());
    expect(b.length).toBe(2);
    expect(Math.min(...b.map((r) => r.x))).toBeGreaterThan(50); // the first bar is inside the plot
    expect(Math.max(...b.map((r) => r.height))).toBeGreaterThan(150);
  });
});

describe('screePlot', () => {
  it('one bar per component, the cumulative line, percentages', () => {
    const svg = screePlot([0.5, 0.3, 0.15]);
    expect(bars(svg).length).toBe(3);
    expect(svg).toContain('>50.0%</text>');
    expect(svg).toContain('>15.0%</text>');
    expect(svg).toContain('>cumulative</text>');
    // The cumulative polyline has three points (M + 2 L).
    const path = /<path d="(M[^"]*)" fill="none" stroke="#e15759"/.exec(svg)![1];
    expect(path.match(/[ML]/g)!.length).toBe(3);
  });
});

describe('scatterPlot', () => {
  it('one colour per label, legend in numeric order', () => {
    const labels = ['10', '2', '2', '1', '10'];
    const svg = scatterPlot([0, 1, 2, 3, 4], [4, 3, 2, 1, 0], { labels });
    const legend = svg.slice(svg.indexOf('<g class="legend">'));
    expect([...legend.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1])).toEqual(['1', '2', '10']);
    expect(svg).toContain(`<g fill="${PALETTE[0]}" stroke="none" fill-opacity="0.7"><circle`);
    expect(svg.match(/<circle /g)!.length).toBe(5 + 3);
  });

  it('without labels: one group, no legend', () => {
    const svg = scatterPlot([0, 1], [1, 0]);
    expect(svg).not.toContain('class="legend"');
    expect(svg.match(/<circle /g)!.length).toBe(2);
  });

  it('refuses labels of the wrong length', () => {
    expect(() => scatterPlot([0, 1], [1, 0], { labels: ['a'] })).toThrow(RangeError);
  });
});
