/** A table's column headers; the columns named in `num` hold numbers and are right-aligned. */
export function TableHead({ cols, num = [] }: { cols: readonly string[]; num?: readonly string[] }) {
  return (
    <thead>
      <tr>
        {cols.map((c) => (
          <th key={c} scope="col" className={num.includes(c) ? 'num' : undefined}>
            {c}
          </th>
        ))}
      </tr>
    </thead>
  );
}
