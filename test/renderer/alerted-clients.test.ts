import { describe, expect, it } from 'vitest';
import type { AlertRow } from '../../electron/contract/types';
import { alertedClients } from '../../renderer/src/components/AlertedClients/alerted-clients';

const a = (key: string, keyKind: AlertRow['keyKind'], severity: AlertRow['severity'], lastSeen: number) => ({ key, keyKind, severity, lastSeen }) as AlertRow;

describe('recently alerted clients', () => {
  it('lists client IPs once each, newest first, with their worst severity and alert count', () => {
    const rows = [
      a('203.0.113.1', 'ip', 'medium', 100),
      a('endpoint:POST /login', 'target', 'critical', 300),
      a('203.0.113.2', 'ip', 'low', 200),
      a('203.0.113.1', 'ip', 'critical', 50),
      a('bob', 'user', 'high', 400),
    ];
    expect(alertedClients(rows)).toEqual([
      { client: '203.0.113.2', severity: 'low', alerts: 1, lastSeen: 200 },
      { client: '203.0.113.1', severity: 'critical', alerts: 2, lastSeen: 100 },
    ]);
  });

  it('keeps at most `limit` clients', () => {
    const rows = Array.from({ length: 30 }, (_, i) => a(`10.0.0.${i}`, 'ip', 'high', i));
    expect(alertedClients(rows, 5).map((c) => c.client)).toEqual(['10.0.0.29', '10.0.0.28', '10.0.0.27', '10.0.0.26', '10.0.0.25']);
  });
});
