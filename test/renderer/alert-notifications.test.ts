import { describe, expect, it } from 'vitest';
import type { AlertRow } from '../../electron/contract/types';
import { MAX_SINGLE_NOTICES, noticesFor } from '../../renderer/src/live/alert-notifications';

const alert = (uid: number, severity: AlertRow['severity'], risk = 50): AlertRow =>
  ({ uid, severity, risk, rule: 'burst', key: `203.0.113.${uid}`, reason: `reason ${uid}` }) as AlertRow;

describe('alert notifications', () => {
  it.each([
    ['off: nothing', 'off', [alert(1, 'critical')], []],
    ['high+: high and critical, most severe first', 'high', [alert(1, 'medium'), alert(2, 'high'), alert(3, 'critical')], [3, 2]],
    ['critical: critical only', 'critical', [alert(1, 'high'), alert(2, 'critical')], [2]],
    ['nothing worthy: nothing', 'high', [alert(1, 'low'), alert(2, 'medium')], []],
  ] as const)('%s', (_name, level, opened, uids) => {
    expect(noticesFor(opened, level).map((n) => n.uid)).toEqual(uids);
  });

  it('names the alert in a single notice, and tags it so a repeat replaces it', () => {
    const [n] = noticesFor([alert(7, 'critical')], 'high');
    expect(n).toEqual({ title: 'CRITICAL · burst · 203.0.113.7', body: 'reason 7', uid: 7, tag: 'alert-7' });
  });

  it('sums up a burst of alerts in one notice instead of flooding the desktop', () => {
    const opened = [alert(1, 'high'), alert(2, 'critical'), alert(3, 'high'), alert(4, 'critical'), alert(5, 'low')];
    expect(opened.length - 1).toBeGreaterThan(MAX_SINGLE_NOTICES);
    const notices = noticesFor(opened, 'high');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ title: '4 new alerts (2 critical, 2 high)', uid: null, tag: 'alerts-summary' });
    expect(notices[0]!.body.split('\n')).toEqual(['burst · 203.0.113.2', 'burst · 203.0.113.4', 'burst · 203.0.113.1', '…']);
  });

  it('names the one attacker when every alert of the burst is about it', () => {
    const rules = ['burst', 'scan', 'auth-abuse', 'enumeration'];
    const opened = rules.map((rule, i) => ({ ...alert(i + 1, 'critical'), rule, key: '203.0.113.66' }));
    const [n] = noticesFor(opened, 'high');
    expect(n!.title).toBe('4 new alerts on 203.0.113.66 (4 critical)');
    expect(n!.body.split('\n')).toEqual(['burst', 'scan', 'auth-abuse', '…']);
  });
});
