import { createParser } from '../parse/index';
import type { FormatId, ParseSink } from '../parse/parser';

/**
 * The log time of the first event among a file's first lines; NaN when none of them parses to an event
 * (a file of errors, or a WSO2 access log whose head holds only request halves).
 */
export function firstEventTime(head: readonly string[], format: FormatId, utcOffsetMinutes?: number): number {
  const parser = createParser(format, { utcOffsetMinutes });
  let first = NaN;
  const sink: ParseSink = {
    event(e) {
      if (Number.isNaN(first)) first = e.time;
    },
    error() {},
    ignored() {},
  };
  for (let i = 0; i < head.length && Number.isNaN(first); i++) parser.line(head[i]!, i + 1, 0, sink);
  if (Number.isNaN(first)) parser.end(sink);
  return first;
}

/**
 * The order to read sources in. Log time drives detection, so files go oldest first whatever order they were
 * named in: a shell glob lists `access.log access.log.1 access.log.2.gz`, newest first, and read that way
 * each older file would jump back in time (events before the detector's watermark are clamped to it, and a
 * jump of more than maxBackwardJumpMs starts a new timeline: windows straddling the files break either way).
 * When WSO2 logs are joined, the access logs come first regardless (the index must be complete before the
 * events that need it). A file whose head has no event keeps its place after those that have one; ties
 * keep the given order.
 */
export function readOrder(formats: readonly FormatId[], firstTimes: readonly number[], joinFirst: boolean): number[] {
  const key = (i: number) => (Number.isNaN(firstTimes[i]!) ? Infinity : firstTimes[i]!);
  const role = (i: number) => (joinFirst && formats[i] === 'wso2-access' ? 0 : 1);
  return formats.map((_, i) => i).sort((a, b) => role(a) - role(b) || key(a) - key(b) || a - b);
}
