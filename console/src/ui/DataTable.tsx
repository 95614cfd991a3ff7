import type { ReactNode } from 'react';

export interface Column<T> {
  key: string;
  header: ReactNode;
  render: (row: T) => ReactNode;
  /** Shown as a sort button in the header when present. */
  sort?: 'asc' | 'desc' | 'none';
  onSort?: () => void;
  className?: string;
}

/** A table of rows; the caller decides what each cell shows, and whether a header sorts. */
export function DataTable<T>({ columns, rows, rowKey, empty, dense = false, label }: {
  columns: Column<T>[]; rows: T[]; rowKey: (row: T, index: number) => string; empty?: ReactNode;
  dense?: boolean; label?: string;
}) {
  return (
    <div className="table-wrap">
      <table className={`table${dense ? ' table-dense' : ''}`} aria-label={label}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} className={c.className}
                aria-sort={c.sort === 'asc' ? 'ascending' : c.sort === 'desc' ? 'descending' : undefined}>
                {c.onSort ? (
                  <button type="button" className="th-sort" onClick={c.onSort}>
                    {c.header}
                    <span className="sort-mark" aria-hidden="true">
                      {c.sort === 'asc' ? '▲' : c.sort === 'desc' ? '▼' : '↕'}
                    </span>
                  </button>
                ) : c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={rowKey(row, i)}>
              {columns.map((c) => <td key={c.key} className={c.className}>{c.render(row)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && empty}
    </div>
  );
}
