import type { ReactNode } from 'react';

/**
 * A table of records: named by its caption (for screen readers; shown when `showCaption`), its
 * column headers, and a wrapper that scrolls sideways on a narrow screen. A region that scrolls
 * must be reachable by keyboard, so the wrapper takes the focus and carries the table's name.
 */
export function DataTable({
  caption,
  columns,
  children,
  showCaption = false,
}: {
  caption: string;
  columns: ReactNode[];
  children: ReactNode;
  showCaption?: boolean;
}) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption className={showCaption ? undefined : 'visually-hidden'}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column, i) => (
              <th scope="col" key={i}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
