/**
 * Mitigation exports from alerts: a block list (one IP per line), an nginx `deny` snippet and WSO2 API Manager
 * deny policies. IP-keyed alerts contribute their key, target alerts (distributed credential stuffing) the
 * attacking IPs they name; only strings that parse as an IPv4/IPv6 address or CIDR, so nothing else can end
 * up in a config file.
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

/** An IPv4 CIDR as its first and last address (null for anything else). */
function v4Range(cidr: string): { start: string; end: string } | null {
  const [ip, bits] = cidr.split('/');
  if (bits === undefined || !V4.test(ip!)) return null;
  const n = Number(bits);
  const v = ip!.split('.').reduce((a, o) => a * 256 + Number(o), 0);
  const size = 2 ** (32 - n);
  const start = Math.floor(v / size) * size;
  const dotted = (x: number) => [24, 16, 8, 0].map((s) => Math.floor(x / 2 ** s) % 256).join('.');
  return { start: dotted(start), end: dotted(start + size - 1) };
}

/** A deny policy as WSO2 API Manager's admin REST API takes it (POST /throttling/deny-policies). */
export interface Wso2DenyPolicy {
  conditionType: 'IP' | 'IPRANGE' | 'USER';
  conditionStatus: true;
  conditionValue: { fixedIp: string; invert: false } | { startingIp: string; endingIp: string; invert: false } | string;
}

/**
 * WSO2 API Manager deny policies for the matching alerts: one IP (or IP range) condition per blockable
 * address, and one USER condition per alert keyed on a user, so the gateway refuses them before any API.
 */
export function wso2DenyPolicies(alerts: AlertRow[]): Wso2DenyPolicy[] {
  const out: Wso2DenyPolicy[] = [];
  for (const ip of blockableIps(alerts)) {
    const range = ip.includes('/') ? v4Range(ip) : null;
    if (range) out.push({ conditionType: 'IPRANGE', conditionStatus: true, conditionValue: { startingIp: range.start, endingIp: range.end, invert: false } });
    else if (!ip.includes('/')) out.push({ conditionType: 'IP', conditionStatus: true, conditionValue: { fixedIp: ip, invert: false } });
  }
  const users = new Set(alerts.filter((a) => a.keyKind === 'user' && a.key !== '').map((a) => a.key));
  for (const u of users) out.push({ conditionType: 'USER', conditionStatus: true, conditionValue: u });
  return out;
}
