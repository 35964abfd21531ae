/** One column of a plain-text table. */
export interface Column<T> {
  title: string;
  get(row: T): string;
  /** Cut longer cells (with …) to this many characters. */
  max?: number;
  right?: boolean;
}

/**
 * Rows under a title line, columns two spaces apart; the last column is not padded, and each line is cut to
 * the terminal width when one is known (a reason or a path runs on, not the columns before it).
 */
export function renderTable<T>(columns: readonly Column<T>[], items: readonly T[], width = 0): string {
  const rows = items.map((it) => columns.map((c) => clip(c.get(it), c.max)));
  const widths = columns.map((c, i) => Math.max(c.title.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => {
    let out = cells
      .map((cell, i) => (i === cells.length - 1 ? cell : columns[i]!.right ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ');
    if (width > 20 && out.length > width) out = `${out.slice(0, width - 1)}…`;
    return out;
  };
  return [line(columns.map((c) => c.title)), ...rows.map(line)].join('\n') + '\n';
}

function clip(s: string, max?: number): string {
  return max && s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
