import { TRIAGE_STATUSES, type TriageStatus } from '../../../../electron/contract/types';

/**
 * The triage statuses as `<option>`s, shared by the single triage form and the bulk bar so both offer the same
 * choices under the same labels. `current` is disabled: moving an alert to the status it has is refused.
 */
export function StatusOptions({ current }: { current?: TriageStatus }) {
  return (
    <>
      {TRIAGE_STATUSES.map((s) => (
        <option key={s} value={s} disabled={s === current}>
          {s}
        </option>
      ))}
    </>
  );
}
