import { useCallback, useEffect, useState } from 'react';
import { NOTIFY_LEVELS, noticesFor, type NotifyLevel } from './alert-notifications';
import { useLive } from './LiveContext';

const STORAGE_KEY = 'api-shield.notify';

function storedLevel(): NotifyLevel {
  const v = globalThis.localStorage?.getItem(STORAGE_KEY);
  return NOTIFY_LEVELS.includes(v as NotifyLevel) ? (v as NotifyLevel) : 'off';
}

/** Whether this window may show notifications: the API exists and the user has not refused them. */
export type NotifyPermission = 'granted' | 'denied' | 'default' | 'unsupported';

const permission = (): NotifyPermission => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);

/**
 * Desktop notifications for newly opened high or critical alerts, while the window is not focused (in it, the
 * pages show them). Off until the analyst picks a level: the browser asks for permission then, on that click.
 * Clicking a notice brings the window forward on the alert.
 */
export function useAlertNotifications(openAlert: (uid: number | null) => void): {
  level: NotifyLevel;
  setLevel: (l: NotifyLevel) => void;
  permission: NotifyPermission;
} {
  const { bridge } = useLive();
  const [level, setLevelState] = useState<NotifyLevel>(storedLevel);
  const [perm, setPerm] = useState<NotifyPermission>(permission);

  const setLevel = useCallback((l: NotifyLevel) => {
    setLevelState(l);
    globalThis.localStorage?.setItem(STORAGE_KEY, l);
    if (l !== 'off' && permission() === 'default') void Notification.requestPermission().then(() => setPerm(permission()));
  }, []);

  useEffect(() => {
    if (level === 'off') return;
    return bridge.on('alerts', ({ opened }) => {
      if (permission() !== 'granted' || document.hasFocus()) return;
      for (const n of noticesFor(opened, level)) {
        const shown = new Notification(n.title, { body: n.body, tag: n.tag });
        shown.onclick = () => {
          window.focus();
          openAlert(n.uid);
          shown.close();
        };
      }
    });
  }, [bridge, level, openAlert]);

  return { level, setLevel, permission: perm };
}
