/**
 * Mitigation exports from alerts: a block list (one IP per line) and an nginx `deny` snippet. IP-keyed alerts
 * contribute their key, target alerts (distributed credential stuffing) the attacking IPs they name; only
 * strings that parse as an IPv4/IPv6 address or CIDR, so nothing else can end up in a config file.
 */
import type { AlertRow } from '../../../electron/contract/types';

const V4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(\/(3[0-2]|[12]?\d))?$/;
const V6 = /^[0-9a-fA-F:]{2,39}(\/(12[0-8]|1[01]\d|[1-9]?\d))?$/;

export function isIpOrCidr(s: string): boolean {
  if (V4.test(s)) return true;
  return V6.test(s) && s.includes(':') && (s.match(/::/g) ?? []).length <= 1;
}

/** Unique blockable addresses, most severe (highest risk) first. */
export function blockableIps(alerts: AlertRow[]): string[] {
  const best = new Map<string, number>();
  const add = (ip: string, risk: number) => {
    if (isIpOrCidr(ip)) best.set(ip, Math.max(best.get(ip) ?? 0, risk));
  };
  for (const a of alerts) {
    if (a.keyKind === 'ip') add(a.key, a.risk);
    for (const ip of a.clients ?? []) add(ip, a.risk);
  }
  return [...best.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).map(([ip]) => ip);
}

export function blockList(alerts: AlertRow[]): string {
  const ips = blockableIps(alerts);
  return ips.length ? ips.join('\n') + '\n' : '';
}

export function nginxDeny(alerts: AlertRow[], generatedAt: number): string {
  const ips = blockableIps(alerts);
  return (
    `# API Shield block list: ${ips.length} address(es), generated ${new Date(generatedAt).toISOString()}\n` +
    `# include inside an http, server or location block\n` +
    ips.map((ip) => `deny ${ip};`).join('\n') +
    (ips.length ? '\n' : '')
  );
}
