import type { Rng } from './prng';
import type { ApiDef, Identity, ResourceDef, UaProfile } from './catalog';
import type { TruthRecorder } from './truth';

/** Output formats the generator writes; ids match core/parse FormatId. */
export type GenerateFormat = 'combined' | 'haproxy' | 'aws-alb' | 'w3c' | 'wso2-access' | 'wso2-metrics';
export const GENERATE_FORMATS: readonly GenerateFormat[] = ['combined', 'haproxy', 'aws-alb', 'w3c', 'wso2-access', 'wso2-metrics'];

export type AttackType =
  | 'burst'
  | 'endpoint_scan'
  | 'id_enumeration'
  | 'credential_stuffing'
  | 'credential_stuffing_slow'
  | 'credential_stuffing_distributed'
  | 'content_probing';

export const ATTACK_TYPES: readonly AttackType[] = [
  'burst',
  'endpoint_scan',
  'id_enumeration',
  'credential_stuffing',
  'credential_stuffing_slow',
  'credential_stuffing_distributed',
  'content_probing',
];

/** Episodes per attack type; a type left out gets none. */
export type AttackMix = Partial<Record<AttackType, number>>;

export interface GenerateOptions {
  /** Exact number of log lines to write. */
  lines: number;
  seed: number | string;
  format: GenerateFormat;
  /** Time of the first traffic (ms epoch, Date or ISO string). Default 2024-06-03T00:00:00Z, fixed for reproducibility. */
  start?: number | Date | string;
  /**
   * Benign client count (people, integrations, crawlers, monitors; at least 8). Default: lines / 250, between
   * 200 and 20,000.
   */
  clients?: number;
  /** Attack episodes per type. Default: about one episode of every type per 20,000 lines. */
  attacks?: AttackMix;
}

export interface TruthRow {
  ip: string;
  attackType: AttackType;
  /** ms epoch at the format's time resolution (what a parser of the log will read). */
  firstSeen: number;
  lastSeen: number;
  /** Requests from this IP in this episode that the log shows with the IP. */
  requests: number;
}

export interface GenerateSummary {
  format: GenerateFormat;
  seed: number | string;
  lines: number;
  /** Client requests that produced at least one line. */
  requests: number;
  /** Requests of attack episodes among them. */
  attackRequests: number;
  /** Benign client identities created, and how many of them appear in the log. */
  clients: number;
  activeClients: number;
  /** Attacker IPs in the truth file, per type (only types that appear). */
  attackersByType: Partial<Record<AttackType, number>>;
  /** Episodes that appear in the log, per type. */
  episodesByType: Partial<Record<AttackType, number>>;
  /** Time of the first and last request written (ms epoch; both the start time if none was). */
  firstTime: number;
  lastTime: number;
  truth: TruthRow[];
}

/**
 * One client request, filled in place by an actor and read by the format writer. The engine reuses a single
 * instance, so writers must not keep references to it.
 */
export interface GenRequest {
  time: number;
  ip: string;
  /** false when the client connects to the gateway directly (no load balancer, so no X-Forwarded-For). */
  proxied: boolean;
  method: string;
  path: string;
  /** Without '?'; '' if none. */
  query: string;
  protocol: string;
  status: number;
  /** Response body bytes. */
  bytes: number;
  /** Request body bytes (Content-Length); 0 if none. */
  reqBytes: number;
  latencyMs: number;
  ua: UaProfile;
  referer: string;
  /** The API and resource the gateway matched; null when no API matched (gateway answers 404 itself). */
  api: ApiDef | null;
  resource: ResourceDef | null;
  /** Consumer identity behind the token; null for anonymous calls. */
  identity: Identity | null;
  /** WSO2 error code when the gateway answered without calling the backend (auth, throttling); else 0. */
  gatewayError: number;
  /** Truth row of the attacker that sent it, or -1 for benign traffic. */
  owner: number;
  /** Benign actor id (for the active-client count), or -1. */
  client: number;
}

export function blankRequest(ua: UaProfile): GenRequest {
  return {
    time: 0,
    ip: '',
    proxied: true,
    method: 'GET',
    path: '/',
    query: '',
    protocol: 'HTTP/1.1',
    status: 200,
    bytes: 0,
    reqBytes: 0,
    latencyMs: 0,
    ua,
    referer: '-',
    api: null,
    resource: null,
    identity: null,
    gatewayError: 0,
    owner: -1,
    client: -1,
  };
}

/** What actors see of the engine. */
export interface GenContext {
  readonly rng: Rng;
  /** true for nginx (a web site plus API); false behind the WSO2 gateway (API traffic only). */
  readonly web: boolean;
  readonly truth: TruthRecorder;
}

/** A traffic source in the scheduler: emits one request at `nextTime`, then plans its next one. */
export interface Actor {
  nextTime: number;
  readonly id: number;
  /** Set when the actor will never emit again. */
  done: boolean;
  /**
   * Fills `req` with the request due at `nextTime` and plans the next one. Returns false, without filling,
   * when the actor only moved its `nextTime` later (a benign client deferring to stay under a limit).
   */
  emit(req: GenRequest, ctx: GenContext): boolean;
}
