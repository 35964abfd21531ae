import { NOTIFY_LEVELS, type NotifyLevel } from '../../live/alert-notifications';
import type { NotifyPermission } from '../../live/useAlertNotifications';

const LABEL: Record<NotifyLevel, string> = { off: 'Notify: off', high: 'Notify: high+', critical: 'Notify: critical' };

/** The desktop-notification level, with the reason when the browser will not show them. */
export function NotifyControl({ level, setLevel, permission }: { level: NotifyLevel; setLevel: (l: NotifyLevel) => void; permission: NotifyPermission }) {
  const blocked = level !== 'off' && (permission === 'denied' || permission === 'unsupported');
  return (
    <label className={`notify ${blocked ? 'warn' : ''}`} title={blocked ? 'Notifications are blocked for this page: allow them in the browser settings' : 'Desktop notifications for new alerts while this window is in the background'}>
      <select aria-label="Alert notifications" value={level} onChange={(e) => setLevel(e.target.value as NotifyLevel)} data-testid="notify-level">
        {NOTIFY_LEVELS.map((l) => (
          <option key={l} value={l}>
            {LABEL[l]}
          </option>
        ))}
      </select>
      {blocked && <span aria-live="polite"> blocked</span>}
    </label>
  );
}
