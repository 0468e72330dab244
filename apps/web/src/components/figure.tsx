import { lazy, Suspense } from 'react';
import { DataTable } from './data-table';
import { formatNumber } from '../i18n';

/** The chart code (echarts) is loaded only by a page that draws a chart. */
const BarChart = lazy(() => import('../charts/bar-chart').then((m) => ({ default: m.BarChart })));

export interface FigureProps {
  id: string;
  title: string;
  headers: string[];
  rows: (string | number)[][];
  chart?: { categories: string[]; series: { name: string; values: number[] }[] };
  /** Said instead of an empty chart and table when there are no rows. */
  empty?: string;
  /** What the figures count, in words, above them. */
  description?: string;
  /** One sentence per row saying what it means, below the table. */
  notes?: string[];
}

/** A chart with the same figures as a table beside it; a sentence when there are no figures. */
export function Figure({ id, title, headers, rows, chart, empty, description, notes }: FigureProps) {
  if (!rows.length && empty) {
    return (
      <section aria-labelledby={id} className="figure">
        <h2 id={id} className="utrecht-heading-2">
          {title}
        </h2>
        <p className="utrecht-paragraph">{empty}</p>
      </section>
    );
  }
  return (
    <section aria-labelledby={id} className="figure">
      <h2 id={id} className="utrecht-heading-2">
        {title}
      </h2>
      {description ? <p className="utrecht-paragraph">{description}</p> : null}
      <div className="figure__body">
        {chart ? (
          <Suspense fallback={<div className="chart" />}>
            <BarChart label={title} categories={chart.categories} series={chart.series} />
          </Suspense>
        ) : null}
        <DataTable
          labelledBy={id}
          headers={headers}
          rowHeaders
          rows={rows.map((r, i) => ({ key: i, cells: r.map((c) => (typeof c === 'number' ? formatNumber(c) : c)) }))}
        />
      </div>
      {notes?.length ? (
        <ul className="utrecht-unordered-list">
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
