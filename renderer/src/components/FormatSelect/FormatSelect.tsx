import { FORMAT_IDS } from '../../../../electron/contract/params';
import type { FormatId } from '../../../../electron/contract/types';

/** A log format, or '' to let the engine detect it from the first lines. */
export function FormatSelect({ label, value, onChange }: { label: string; value: FormatId | ''; onChange: (f: FormatId | '') => void }) {
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value as FormatId | '')}>
      <option value="">detect format</option>
      {FORMAT_IDS.map((f) => (
        <option key={f} value={f}>
          {f}
        </option>
      ))}
    </select>
  );
}
