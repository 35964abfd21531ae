import { sampleOf, type ParseErrorCode } from '../events/parse-error';
import type { ParseSink } from './parser';

/** Reports a line that did not parse. */
export function reject(
  sink: ParseSink,
  code: ParseErrorCode,
  message: string,
  text: string,
  line: number,
  offset: number,
  source: number,
): void {
  sink.error({ code, message, line, offset, source, sample: sampleOf(text) });
}

/** Common parser options. */
export interface ParserOptions {
  /** Index of the source file within a run, copied to every event and error (default 0). */
  source?: number;
}

/** A quoted token for error messages, cut short. */
export function quote(s: string): string {
  return `'${s.length > 40 ? `${s.slice(0, 40)}…` : s}'`;
}
