import { describe, expect, it } from 'vitest';
import type { AlertRow } from '../../electron/contract/types';
import { ALERT_CSV_COLUMNS, alertsCsv } from '../../core/report/alerts-csv';

const base: AlertRow = {
  uid: 7, alertId: 'burst:ip:203.0.113.9:1', key: '203.0.113.9', keyKind: 'ip', rule: 'burst', category: 'volume', severity: 'medium', risk: 40,
  action: 'rate-limit-and-monitor', count: 31, firstSeen: Date.UTC(2024, 5, 1, 12), lastSeen: Date.UTC(2024, 5, 1, 12, 0, 9),
  reason: '31 requests in 10 s from 203.0.113.9 (threshold 15)', modelScore: 0.8125, modelFeatures: [], clients: [], status: 'open', active: false, updatedAt: 0,
};

describe('alerts CSV', () => {
  it('writes a header and one line per alert, times in UTC, the model score rounded', () => {
    expect(alertsCsv([base]).split('\n')).toEqual([
      ALERT_CSV_COLUMNS.join(','),
      '7,medium,40,burst,volume,203.0.113.9,ip,31,2024-06-01T12:00:00.000Z,2024-06-01T12:00:09.000Z,open,rate-limit-and-monitor,0.813,31 requests in 10 s from 203.0.113.9 (threshold 15),',
      '',
    ]);
  });

  it('leaves no model score empty, lists a target alert\'s attackers, and defuses attacker-written formulas', () => {
    const target: AlertRow = {
      ...base, uid: 8, keyKind: 'user', key: '=HYPERLINK("http://evil")', rule: 'distributed-stuffing', modelScore: -1,
      clients: ['198.51.100.1', '198.51.100.2'], reason: 'failed logins for "admin", from 2 IPs',
    };
    const line = alertsCsv([target]).split('\n')[1]!;
    expect(line).toBe(
      '8,medium,40,distributed-stuffing,volume,"\'=HYPERLINK(""http://evil"")",user,31,2024-06-01T12:00:00.000Z,2024-06-01T12:00:09.000Z,open,' +
        'rate-limit-and-monitor,,"failed logins for ""admin"", from 2 IPs",198.51.100.1 198.51.100.2',
    );
  });
});
