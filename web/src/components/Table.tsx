// Semantic tables: a caption, column headers with scope, numbers right-aligned in tabular figures, and a
// wrapper that scrolls sideways on a phone and can be scrolled with the keyboard.

import type { ReactNode } from "react";
import { classNames } from "./classNames";

export interface Column<Row> {
  key: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
  /** Hidden on narrow screens. */
  optional?: boolean;
  className?: string;
}

interface TableProps<Row> {
  caption: string;
  /** Show the caption (otherwise it is for screen readers only). */
  showCaption?: boolean;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  empty?: ReactNode;
  className?: string;
}

export function Table<Row>({ caption, showCaption = false, columns, rows, rowKey, empty, className }: TableProps<Row>) {
  if (rows.length === 0 && empty) return <>{empty}</>;
  return (
    <div className={classNames("table-wrap", className)} tabIndex={0} role="region" aria-label={caption}>
      <table className="table">
        <caption className={showCaption ? "table__caption" : "visually-hidden"}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col" className={classNames(column.numeric && "num", column.optional && "optional", column.className)}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => (
                <td key={column.key} className={classNames(column.numeric && "num", column.optional && "optional", column.className)}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
