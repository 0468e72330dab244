import { cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const made = vi.hoisted(() => ({ inits: 0, options: [] as unknown[], disposed: 0 }));
vi.mock('echarts/core', () => ({
  use: () => undefined,
  init: () => {
    made.inits++;
    return { setOption: (option: unknown) => made.options.push(option), resize: () => undefined, dispose: () => made.disposed++ };
  },
}));

const { BarChart } = await import('./bar-chart');

/** The dashboard makes new arrays on every render, with the same figures most of the time. */
const figures = (open: number) => ({ categories: ['Verbinden', 'Ontdekken'], series: [{ name: 'Open', values: [open, 2] }] });

describe(BarChart.name, () => {
  beforeEach(() => {
    made.inits = 0;
    made.options = [];
    made.disposed = 0;
  });
  afterEach(cleanup);

  it('draws once, not again for new arrays with the same figures, and again when a figure changes', () => {
    const view = render(<BarChart label="Trajecten per stap" {...figures(3)} />);
    expect(made.inits).toBe(1);
    expect(made.options).toHaveLength(1);

    view.rerender(<BarChart label="Trajecten per stap" {...figures(3)} />);
    view.rerender(<BarChart label="Trajecten per stap" {...figures(3)} />);
    expect(made.inits).toBe(1);
    expect(made.options).toHaveLength(1);

    view.rerender(<BarChart label="Trajecten per stap" {...figures(4)} />);
    expect(made.inits).toBe(1);
    expect(made.options).toHaveLength(2);
    expect(made.options[1]).toMatchObject({ series: [{ type: 'bar', name: 'Open', data: [4, 2] }] });

    view.unmount();
    expect(made.disposed).toBe(1);
  });
});
