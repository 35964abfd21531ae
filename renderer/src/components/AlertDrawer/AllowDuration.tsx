import { ALLOW_DURATIONS } from './allow-durations';

export function AllowDuration({ value, onChange }: { value: number; onChange: (index: number) => void }) {
  return (
    <select aria-label="Allow for" value={value} onChange={(e) => onChange(Number(e.target.value))}>
      {ALLOW_DURATIONS.map((d, i) => (
        <option key={d.label} value={i}>
          {d.label}
        </option>
      ))}
    </select>
  );
}
