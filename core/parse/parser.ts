import type { AccessEvent } from '../events/event';
import type { ParseError } from '../events/parse-error';

export type FormatId =
  | 'combined' // nginx / Apache combined and common, with vhost, host:port and syslog-wrapped variants
  | 'wso2-access' // WSO2 API-M gateway access log (request + response lines, backend calls)
  | 'wso2-metrics' // WSO2 apim_metrics.log analytics events (apim:response, apim:faulty)
  | 'wso2-carbon' // wso2carbon.log / wso2-apigw-errors.log authentication-failure warnings
  | 'haproxy' // HAProxy HTTP log (httplog / httpslog), syslog-wrapped or not
  | 'aws-alb' // AWS Application Load Balancer access log
  | 'w3c' // W3C extended log (IIS, CloudFront), columns from its #Fields header
  | 'json' // JSON lines: envoy and generic gateway JSON, optionally container-runtime wrapped
  | 'prototype-csv'; // the Python prototype's 13-column CSV

/** Why a line produced no event and no error: every line is accounted for as exactly one of the three. */
export type IgnoreReason =
  | 'blank'
  | 'comment'
  | 'header' // CSV header row
  | 'paired' // half of a WSO2 request/response pair, counted once on the other half
  | 'backend' // WSO2 gateway-to-backend call, not a client API call
  | 'not-an-event' // e.g. a carbon log line that is not an auth failure
  | 'outside-range'; // an event before `scan --since` or from `--until` on (set by the scan, not a parser)

export interface ParseSink {
  event(e: AccessEvent): void;
  error(e: ParseError): void;
  ignored(line: number, reason: IgnoreReason): void;
}

/**
 * A stateful, streaming parser for one source. Lines arrive without their newline (and without a trailing '\r').
 * Implementations must never throw on any input: a bad line becomes sink.error.
 */
export interface LineParser {
  readonly format: FormatId;
  line(text: string, lineNo: number, offset: number, sink: ParseSink): void;
  /** End of input: flush pending state (e.g. WSO2 requests never answered). */
  end(sink: ParseSink): void;
}
