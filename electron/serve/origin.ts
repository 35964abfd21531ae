/**
 * Same-origin policy for `serve`: the engine must not be reachable from another site's page
 * (cross-site WebSocket hijacking) nor through a hostile DNS name that resolves to loopback (DNS rebinding).
 *
 * - Host must name this server: a loopback name or the address it was bound to, with its port.
 * - A WebSocket upgrade must carry an Origin equal to http://<that host>. Browsers always send Origin on
 *   WebSocket handshakes, so a request without one is not from a page of ours and is refused too.
 */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export interface OriginPolicy {
  /** Host header values accepted (`name:port`). */
  readonly hosts: ReadonlySet<string>;
}

function hostLiteral(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

export function originPolicy(boundHost: string, port: number, extraHosts: readonly string[] = []): OriginPolicy {
  const names = new Set([...LOOPBACK_NAMES, hostLiteral(boundHost), ...extraHosts.map(hostLiteral)]);
  names.delete('0.0.0.0');
  names.delete('[::]');
  return { hosts: new Set([...names].map((n) => `${n.toLowerCase()}:${port}`)) };
}

export function hostAllowed(policy: OriginPolicy, host: string | undefined): boolean {
  return typeof host === 'string' && policy.hosts.has(host.toLowerCase());
}

/** Null when the WebSocket upgrade may proceed, else why not. */
export function upgradeRefusal(policy: OriginPolicy, host: string | undefined, origin: string | undefined): string | null {
  if (!hostAllowed(policy, host)) return `Host '${host ?? ''}' is not this server`;
  if (!origin) return 'Origin header required';
  if (origin.toLowerCase() !== `http://${host!.toLowerCase()}`) return `cross-origin WebSocket from '${origin}' refused`;
  return null;
}
