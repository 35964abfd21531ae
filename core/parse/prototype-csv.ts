import { emptyEvent } from '../events/event';
import { splitCsvLine } from './csv-fields';
import { parseIsoTime } from './iso-time';
import { isBlank } from './line-class';
import type { LineParser, ParseSink } from './parser';
import { setTarget } from './request-line';
import { quote, reject, type ParserOptions } from './sink-util';

/** The columns the Python prototype writes, in order. */
export const PROTOTYPE_COLUMNS = [
  'timestamp',
  'api_name',
  'api_version',
  'http_method',
  'resource',
  'status_code',
  'latency_ms',
  'payload_size',
  'client_ip',
  'user_agent',
  'raw_source',
  'anomaly_label',
  'raw_line',
] as const;

/**
 * The Python prototype's 13-column CSV (PROTOTYPE_COLUMNS). The header row is ignored as 'header'.
 * `timestamp` is ISO-8601 (no zone means UTC); `resource` is the request path with its query;
 * `anomaly_label`, `raw_source` and `raw_line` are not part of an event and are dropped.
 */
export class PrototypeCsvParser implements LineParser {
  readonly format = 'prototype-csv' as const;
  private readonly source: number;

  constructor(opts: ParserOptions = {}) {
    this.source = opts.source ?? 0;
  }

  line(text: string, lineNo: number, offset: number, sink: ParseSink): void {
    if (text.length === 0 || isBlank(text)) return sink.ignored(lineNo, 'blank');
    const f = splitCsvLine(text);
    if (!f) return reject(sink, 'unrecognized', 'unterminated quoted field', text, lineNo, offset, this.source);
    if (f[0] === 'timestamp' && f[1] === 'api_name') return sink.ignored(lineNo, 'header');
    if (f.length !== PROTOTYPE_COLUMNS.length) {
      return reject(sink, 'missing-field', `${f.length} columns, expected ${PROTOTYPE_COLUMNS.length}`, text, lineNo, offset, this.source);
    }
    const time = parseIsoTime(f[0].trim());
    if (Number.isNaN(time)) {
      return reject(sink, 'bad-timestamp', `timestamp ${quote(f[0])} is not ISO-8601`, text, lineNo, offset, this.source);
    }
    const status = intField(f[5]);
    if (status < 0 || status > 999) {
      return reject(sink, 'bad-status', `status_code ${quote(f[5])} is not an HTTP status`, text, lineNo, offset, this.source);
    }
    const e = emptyEvent();
    e.time = time;
    e.api = f[1];
    e.apiVersion = f[2];
    e.method = f[3].toUpperCase();
    setTarget(e, f[4], 0, f[4].length);
    e.status = status;
    e.latencyMs = numField(f[6]);
    e.bytes = intField(f[7]);
    e.client = f[8];
    e.userAgent = f[9];
    e.line = lineNo;
    e.offset = offset;
    e.source = this.source;
    sink.event(e);
  }

  end(_sink: ParseSink): void {}
}

/** A non-negative integer (pandas may write `200.0`), else -1. */
function intField(s: string): number {
  const v = numField(s);
  return v < 0 ? -1 : Math.trunc(v);
}

function numField(s: string): number {
  const t = s.trim();
  if (t === '' || !/^\d+(\.\d+)?$/.test(t)) return -1;
  return Number(t);
}
