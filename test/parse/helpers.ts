import { resolve } from 'node:path';
import type { AccessEvent } from '../../core/events/event';
import type { ParseError, ParseErrorCode } from '../../core/events/parse-error';
import type { IgnoreReason, LineParser, ParseSink } from '../../core/parse/parser';

/** ../shared beside the project root, read in place. */
export const SHARED = resolve(import.meta.dirname, '../../../shared');

export interface Collected {
  events: AccessEvent[];
  errors: ParseError[];
  ignored: { line: number; reason: IgnoreReason }[];
}

export function collectingSink(): Collected & { sink: ParseSink } {
  const c: Collected = { events: [], errors: [], ignored: [] };
  return {
    ...c,
    sink: {
      event: (e) => c.events.push(e),
      error: (e) => c.errors.push(e),
      ignored: (line, reason) => c.ignored.push({ line, reason }),
    },
  };
}

/** Feeds lines (numbered from 1) and ends the parser. */
export function parseLines(parser: LineParser, lines: string[]): Collected {
  const c = collectingSink();
  lines.forEach((t, i) => parser.line(t, i + 1, i * 1000, c.sink));
  parser.end(c.sink);
  return c;
}

/** What a table row expects: fields of the event, or the error code, or the ignore reason. */
export type Expected = Partial<AccessEvent> | { error: ParseErrorCode } | { ignored: IgnoreReason };

/** Checks one line's single outcome against a table row; returns a readable mismatch or ''. */
export function outcomeOf(parser: LineParser, line: string): AccessEvent | { error: ParseErrorCode; message: string } | { ignored: IgnoreReason } {
  const c = parseLines(parser, [line]);
  const n = c.events.length + c.errors.length + c.ignored.length;
  if (n !== 1) throw new Error(`expected exactly one outcome, got ${n}`);
  if (c.events.length) return c.events[0];
  if (c.errors.length) return { error: c.errors[0].code, message: c.errors[0].message };
  return { ignored: c.ignored[0].reason };
}

/** UTC ms for a readable expectation. */
export const utc = (iso: string): number => Date.parse(iso);
