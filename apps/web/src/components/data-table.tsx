import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface DataTableProps {
  /** The region's accessible name, or the id of the heading that names it. */
  label?: string;
  labelledBy?: string;
  headers: string[];
  rows: { key: string | number; cells: ReactNode[] }[];
  /** The first cell of each row heads it (a figure's category); the others are numbers, right-aligned. */
  rowHeaders?: boolean;
}

/**
 * A Utrecht table in a region that scrolls sideways on a narrow screen (and can be scrolled by keyboard).
 * Named by a heading, the region adds "(tabel)" to it: the heading's own section is a region of that
 * name already, and two landmarks of one name cannot be told apart.
 */
export function DataTable({ label, labelledBy, headers, rows, rowHeaders = false }: DataTableProps) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label} aria-labelledby={labelledBy ? `${labelledBy} ${labelledBy}-table` : undefined}>
      {labelledBy ? (
        <span id={`${labelledBy}-table`} hidden>
          {t('interaction.tableSuffix')}
        </span>
      ) : null}
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
