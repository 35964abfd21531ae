import { describe, expect, it } from 'vitest';
import type { AlertRow } from '../../electron/contract/types';
import { blockList, blockableIps, isIpOrCidr, MitigationSet, nginxDeny, wso2DenyPolicies } from '../../core/report/mitigations';

const alert = (key: string, risk: number, keyKind: AlertRow['keyKind'] = 'ip'): AlertRow => ({
  uid: 1, alertId: 'a', key, keyKind, rule: 'burst', category: 'rate', severity: 'high', risk, action: 'throttle-and-step-up',
  count: 1, firstSeen: 0, lastSeen: 0, reason: '', modelScore: 0, modelFeatures: [], clients: [], status: 'open', active: true, updatedAt: 0,
});

describe('mitigation exports', () => {
  it('accepts only addresses and CIDRs', () => {
    for (const ok of ['1.2.3.4', '10.0.0.0/8', '2001:db8::1', '::1', '2001:db8::/32']) expect(isIpOrCidr(ok)).toBe(true);
    for (const bad of ['1.2.3.256', 'evil.com', '1.2.3.4; allow all', '1.2.3.4\ndeny', '', 'user:bob', '1::2::3']) expect(isIpOrCidr(bad)).toBe(false);
  });

  it('lists unique IPs, riskiest first, skipping non-IP keys', () => {
    const alerts = [alert('5.6.7.8', 40), alert('1.2.3.4', 95), alert('5.6.7.8', 60), alert('app-1', 99, 'application'), alert('x; y', 99)];
    expect(blockableIps(alerts)).toEqual(['1.2.3.4', '5.6.7.8']);
    expect(blockList(alerts)).toBe('1.2.3.4\n5.6.7.8\n');
    expect(blockList([])).toBe('');
  });

  it('takes the attacking IPs a target alert names, not its key', () => {
    const target = { ...alert('endpoint:POST /login', 40, 'target'), clients: ['9.9.9.9', '1.2.3.4', 'not an ip'] };
    expect(blockableIps([alert('1.2.3.4', 95), target])).toEqual(['1.2.3.4', '9.9.9.9']);
  });

  it('writes an nginx deny snippet', () => {
    const text = nginxDeny([alert('1.2.3.4', 95), alert('2001:db8::1', 50)], Date.UTC(2026, 0, 1));
    expect(text).toContain('# API Shield block list: 2 address(es), generated 2026-01-01T00:00:00.000Z');
    expect(text.split('\n').filter((l) => l.startsWith('deny'))).toEqual(['deny 1.2.3.4;', 'deny 2001:db8::1;']);
  });

  it('writes WSO2 API Manager deny policies: IPs, IPv4 ranges and users', () => {
    const alerts = [alert('1.2.3.4', 95), alert('10.1.2.0/23', 80), alert('alice', 70, 'user'), alert('app-1', 60, 'application')];
    expect(wso2DenyPolicies(alerts)).toEqual([
      { conditionType: 'IP', conditionStatus: true, conditionValue: { fixedIp: '1.2.3.4', invert: false } },
      { conditionType: 'IPRANGE', conditionStatus: true, conditionValue: { startingIp: '10.1.2.0', endingIp: '10.1.3.255', invert: false } },
      { conditionType: 'USER', conditionStatus: true, conditionValue: 'alice' },
    ]);
  });

  it('gathers alert by alert what a batch export of the same alerts holds, and renders each kind with its entry count', () => {
    const target = { ...alert('endpoint:POST /xmlrpc.php', 40, 'target'), clients: ['9.9.9.9', '1.2.3.4'] };
    const alerts = [alert('1.2.3.4', 95), alert('bob', 70, 'user'), target, alert('10.1.2.0/23', 80)];
    const set = new MitigationSet();
    for (const a of alerts) set.add(a);
    expect(set.alerts).toBe(4);
    expect(set.addresses()).toEqual(blockableIps(alerts));
    expect(set.render('block-list', 0)).toEqual({ text: blockList(alerts), entries: 3 });
    expect(set.render('nginx-deny', 0)).toEqual({ text: nginxDeny(alerts, 0), entries: 3 });
    const wso2 = set.render('wso2-deny', 0);
    expect(JSON.parse(wso2.text)).toEqual(wso2DenyPolicies(alerts));
    expect(wso2.entries).toBe(4); // three addresses and the user
  });

  it('takes the detector\'s own alerts (as `scan` has them) as well as stored rows', () => {
    const fromScan = { id: 'x', key: '5.6.7.8', keyKind: 'ip', rule: 'burst', risk: 40, evidence: [] };
    const noClients = { key: 'endpoint:GET /', keyKind: 'target', risk: 10 };
    expect(new MitigationSet().add(fromScan).add(noClients).addresses()).toEqual(['5.6.7.8']);
  });
});
