import type { ReactNode } from 'react';

export interface DataTableProps {
  /** The region's accessible name, or the id of the heading that names it. */
  label?: string;
  labelledBy?: string;
  headers: string[];
  rows: { key: string | number; cells: ReactNode[] }[];
  /** The first cell of each row heads it (a figure's category); the others are numbers, right-aligned. */
  rowHeaders?: boolean;
}

/** A Utrecht table in a region that scrolls sideways on a narrow screen (and can be scrolled by keyboard). */
export function DataTable({ label, labelledBy, headers, rows, rowHeaders = false }: DataTableProps) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label} aria-labelledby={labelledBy}>
      <table className="utrecht-table">
        <thead className="utrecht-table__header">
          <tr className="utrecht-table__row">
            {headers.map((h) => (
              <th key={h} scope="col" className="utrecht-table__header-cell">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="utrecht-table__body">
          {rows.map((row) => (
            <tr key={row.key} className="utrecht-table__row">
              {row.cells.map((cell, i) =>
                rowHeaders && i === 0 ? (
                  <th key={i} scope="row" className="utrecht-table__header-cell">
                    {cell}
                  </th>
                ) : (
                  <td key={i} className={`utrecht-table__cell${rowHeaders ? ' utrecht-table__cell--numeric' : ''}`}>
                    {cell}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
