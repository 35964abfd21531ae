/**
 * Mitigation exports from alerts: a block list (one IP per line), an nginx `deny` snippet and WSO2 API Manager
 * deny policies. IP-keyed alerts contribute their key, target alerts (distributed credential stuffing, a
 * WordPress botnet) the attacking IPs they name; only strings that parse as an IPv4/IPv6 address or CIDR, so
 * nothing else can end up in a config file. Shared by the dashboard's Alerts page and the CLI (`scan --export`,
 * `alerts --export`), which hand it the engine's alert rows and the detector's alerts: both fit `Mitigable`.
 */

/** What an alert contributes to a mitigation. */
export interface Mitigable {
  keyKind: string;
  key: string;
  risk: number;
  /** Target alerts: the attacking IPs they name. */
  clients?: readonly string[] | null;
}

/** The exports the CLI can write (`--export`), with what each is. */
export const MITIGATION_EXPORTS = {
  'block-list': 'one IP or CIDR per line, riskiest first',
  'nginx-deny': 'an nginx deny snippet to include in an http, server or location block',
  'wso2-deny': 'WSO2 API Manager deny policies (JSON for its admin REST API: IPs, IPv4 ranges, users)',
} as const;
export type MitigationExport = keyof typeof MITIGATION_EXPORTS;

const V4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(\/(3[0-2]|[12]?\d))?$/;
const V6 = /^[0-9a-fA-F:]{2,39}(\/(12[0-8]|1[01]\d|[1-9]?\d))?$/;

export function isIpOrCidr(s: string): boolean {
  if (V4.test(s)) return true;
  return V6.test(s) && s.includes(':') && (s.match(/::/g) ?? []).length <= 1;
}

/**
 * The addresses and users to deny, gathered alert by alert: `scan` adds each alert as its episode closes
 * instead of keeping every alert until the end.
 */
export class MitigationSet {
  /** Address → the highest risk of an alert naming it. */
  private readonly ips = new Map<string, number>();
  private readonly users = new Set<string>();
  /** Alerts added. */
  alerts = 0;

  add(a: Mitigable): this {
    this.alerts++;
    if (a.keyKind === 'ip') this.addIp(a.key, a.risk);
    else if (a.keyKind === 'user' && a.key !== '') this.users.add(a.key);
    for (const ip of a.clients ?? []) this.addIp(ip, a.risk);
    return this;
  }

  /** Unique blockable addresses, most severe (highest risk) first, then in address order. */
  addresses(): string[] {
    return [...this.ips.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).map(([ip]) => ip);
  }

  blockList(): string {
    const ips = this.addresses();
    return ips.length ? ips.join('\n') + '\n' : '';
  }

  nginxDeny(generatedAt: number): string {
    const ips = this.addresses();
    return (
      `# API Shield block list: ${ips.length} address(es), generated ${new Date(generatedAt).toISOString()}\n` +
      `# include inside an http, server or location block\n` +
      ips.map((ip) => `deny ${ip};`).join('\n') +
      (ips.length ? '\n' : '')
    );
  }

  /**
   * One IP (or IP range) condition per blockable address, and one USER condition per alert keyed on a user,
   * so the gateway refuses them before any API.
   */
  wso2DenyPolicies(): Wso2DenyPolicy[] {
    const out: Wso2DenyPolicy[] = [];
    for (const ip of this.addresses()) {
      const range = ip.includes('/') ? v4Range(ip) : null;
      if (range) out.push({ conditionType: 'IPRANGE', conditionStatus: true, conditionValue: { startingIp: range.start, endingIp: range.end, invert: false } });
      else if (!ip.includes('/')) out.push({ conditionType: 'IP', conditionStatus: true, conditionValue: { fixedIp: ip, invert: false } });
    }
    for (const u of this.users) out.push({ conditionType: 'USER', conditionStatus: true, conditionValue: u });
    return out;
  }

  /** The export as the file's text, and how many entries (addresses, or policies) it holds. */
  render(kind: MitigationExport, generatedAt: number): { text: string; entries: number } {
    if (kind === 'wso2-deny') {
      const policies = this.wso2DenyPolicies();
      return { text: JSON.stringify(policies, null, 2) + '\n', entries: policies.length };
    }
    const entries = this.ips.size;
    return { text: kind === 'block-list' ? this.blockList() : this.nginxDeny(generatedAt), entries };
  }

  private addIp(ip: string, risk: number): void {
    if (isIpOrCidr(ip)) this.ips.set(ip, Math.max(this.ips.get(ip) ?? 0, risk));
  }
}

const setOf = (alerts: readonly Mitigable[]) => alerts.reduce((s, a) => s.add(a), new MitigationSet());

export function blockableIps(alerts: readonly Mitigable[]): string[] {
  return setOf(alerts).addresses();
}

export function blockList(alerts: readonly Mitigable[]): string {
  return setOf(alerts).blockList();
}

export function nginxDeny(alerts: readonly Mitigable[], generatedAt: number): string {
  return setOf(alerts).nginxDeny(generatedAt);
}

export function wso2DenyPolicies(alerts: readonly Mitigable[]): Wso2DenyPolicy[] {
  return setOf(alerts).wso2DenyPolicies();
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
