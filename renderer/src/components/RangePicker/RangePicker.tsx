import { RANGE_PRESETS, type RangePreset } from '../../live/range';

/** `value` null: none checked (a window picked on a chart is in force instead). */
export function RangePicker({ value, onChange }: { value: RangePreset | null; onChange: (r: RangePreset) => void }) {
  return (
    <div className="range-picker" role="radiogroup" aria-label="Time range">
      {RANGE_PRESETS.map((p) => (
        <button key={p.id} type="button" role="radio" aria-checked={value === p.id} className={value === p.id ? 'on' : ''} onClick={() => onChange(p.id)}>
          {p.label}
        </button>
      ))}
    </div>
  );
}
