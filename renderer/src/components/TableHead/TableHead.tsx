import type { ReactNode } from 'react';

/**
 * A table's column headers; the columns named in `num` hold numbers and are right-aligned. `lead` fills an
 * extra first header cell for a column that is a control rather than data (a select-all checkbox).
 */
export function TableHead({ cols, num = [], lead }: { cols: readonly string[]; num?: readonly string[]; lead?: ReactNode }) {
  return (
    <thead>
      <tr>
        {lead !== undefined && (
          <th scope="col" className="lead">
            {lead}
          </th>
        )}
        {cols.map((c) => (
          <th key={c} scope="col" className={num.includes(c) ? 'num' : undefined}>
            {c}
          </th>
        ))}
      </tr>
    </thead>
  );
}
