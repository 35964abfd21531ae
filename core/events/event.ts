/**
 * The one normalized record every log format is parsed into.
 *
 * Every field is always present (empty string, 0 or -1 for "not in this format") so that all events
 * share one hidden class in V8: the hot path creates about a million of these per second.
 */
export type EventKind = 'request' | 'auth-failure';

export interface AccessEvent {
  /** Log time in ms since the Unix epoch (UTC). Detection windows run on this, never on wall time. */
  time: number;
  /** Real client: first X-Forwarded-For hop where the format has it, else the peer address or host name. '' if unknown. */
  client: string;
  /** Upper-case HTTP method; '' if the line has none (e.g. a malformed request line kept verbatim in `path`). */
  method: string;
  /** Request path without the query string, as logged (not percent-decoded). */
  path: string;
  /** Query string without the leading '?'; '' if none. */
  query: string;
  /** e.g. 'HTTP/1.1'; '' if absent. */
  protocol: string;
  /** HTTP status; 0 if unknown (e.g. a WSO2 request line never answered). */
  status: number;
  /** Response size in bytes; -1 if unknown or '-'. */
  bytes: number;
  /** Latency in ms; -1 if the format has none. */
  latencyMs: number;
  userAgent: string;
  referer: string;
  /** Virtual host or Host header where the format has it. */
  host: string;
  /** Consumer identity (WSO2 and JSON gateways). '' where the format has none. */
  api: string;
  apiVersion: string;
  application: string;
  user: string;
  keyType: string;
  /** WSO2 error code (e.g. 900901 invalid credentials); 0 if none. */
  errorCode: number;
  kind: EventKind;
  /** 1-based line number of the line that completed this event. */
  line: number;
  /** Byte offset of the start of that line in the (decompressed) source. */
  offset: number;
  /** Index of the source file within a run (0 for a single file). */
  source: number;
}

export function emptyEvent(): AccessEvent {
  return {
    time: 0,
    client: '',
    method: '',
    path: '',
    query: '',
    protocol: '',
    status: 0,
    bytes: -1,
    latencyMs: -1,
    userAgent: '',
    referer: '',
    host: '',
    api: '',
    apiVersion: '',
    application: '',
    user: '',
    keyType: '',
    errorCode: 0,
    kind: 'request',
    line: 0,
    offset: 0,
    source: 0,
  };
}

/** Builds an event from a partial record: tests and the generator use it; parsers fill fields directly. */
export function makeEvent(fields: Partial<AccessEvent>): AccessEvent {
  return Object.assign(emptyEvent(), fields);
}
