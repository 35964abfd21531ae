import type { ParseError, ParseErrorCode } from '../events/parse-error';
import type { IgnoreReason } from '../parse/parser';

const EXAMPLES_PER_CODE = 3;

export interface SourceSummary {
  path: string;
  format: string;
  lines: number;
  bytes: number;
  events: number;
  ignored: number;
  parseErrors: number;
}

/** Counts every line of a run as exactly one of event / parse error / ignored, with error examples. */
export class ScanTally {
  lines = 0;
  events = 0;
  ignored = 0;
  readonly ignoredByReason = new Map<IgnoreReason, number>();
  readonly errorsByCode = new Map<ParseErrorCode, { count: number; examples: ParseError[] }>();
  parseErrors = 0;

  error(e: ParseError): void {
    this.parseErrors++;
    let slot = this.errorsByCode.get(e.code);
    if (!slot) this.errorsByCode.set(e.code, (slot = { count: 0, examples: [] }));
    slot.count++;
    if (slot.examples.length < EXAMPLES_PER_CODE) slot.examples.push(e);
  }

  ignore(reason: IgnoreReason): void {
    this.ignored++;
    this.ignoredByReason.set(reason, (this.ignoredByReason.get(reason) ?? 0) + 1);
  }
}

export interface ScanStats {
  lines: number;
  events: number;
  ignored: number;
  /** blank, comment, paired (WSO2 halves), outside-range (--since/--until) … */
  ignored_by_reason: Record<string, number>;
  parse_errors: number;
  parse_errors_by_code: Record<string, { count: number; examples: Array<{ source: number; line: number; offset: number; message: string; sample: string }> }>;
  alerts: number;
  alerts_by_rule: Record<string, number>;
  seconds: number;
  lines_per_second: number;
  bytes: number;
  sources: SourceSummary[];
}
