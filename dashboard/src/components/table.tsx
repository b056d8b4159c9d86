import type { ComponentChildren } from 'preact';

/** A column heading: its text, right-aligned for numbers, read out but not shown for a column of buttons. */
export type Column = string | { readonly label: string; readonly numeric?: boolean; readonly hidden?: boolean };

/** A data table with a caption for screen readers and scoped column headings. */
export function Table({
  caption,
  columns,
  children,
}: {
  readonly caption: string;
  readonly columns: readonly Column[];
  readonly children: ComponentChildren;
}) {
  return (
    <table>
      <caption class="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((column) => {
            const { label, numeric, hidden } = typeof column === 'string' ? { label: column } : column;
            return (
              <th key={label} scope="col" class={numeric ? 'number' : undefined}>
                {hidden ? <span class="visually-hidden">{label}</span> : label}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
