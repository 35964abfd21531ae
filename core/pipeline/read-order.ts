import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
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

/** Bytes read from a file's end to find its last events. */
const TAIL_BYTES = 64 * 1024;

/**
 * The latest log time among the last complete lines of a plain file; NaN for a compressed file (its end
 * cannot be read without decompressing all of it), an unreadable one, or one whose tail has no event.
 */
export function lastEventTime(path: string, format: FormatId, utcOffsetMinutes?: number): number {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return NaN;
  }
  try {
    const magic = Buffer.alloc(2);
    if (readSync(fd, magic, 0, 2, 0) === 2 && magic[0] === 0x1f && magic[1] === 0x8b) return NaN;
    const size = fstatSync(fd).size;
    const start = Math.max(0, size - TAIL_BYTES);
    const buf = Buffer.alloc(size - start);
    readSync(fd, buf, 0, buf.length, start);
    const lines = buf.toString('utf8').split('\n');
    if (start > 0) lines.shift(); // the first is a piece of a line
    const parser = createParser(format, { utcOffsetMinutes });
    let latest = NaN;
    const sink: ParseSink = {
      event(e) {
        if (!(e.time <= latest)) latest = e.time;
      },
      error() {},
      ignored() {},
    };
    lines.forEach((l, i) => parser.line(l.endsWith('\r') ? l.slice(0, -1) : l, i + 1, 0, sink));
    parser.end(sink);
    return latest;
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether, read in `order`, some file starts before the one read just before it ends: the logs of two
 * nodes over the same hours, not pieces of one rotated log. A file whose end is unknown (compressed) is
 * taken to end before the next one starts, as rotated archives do.
 */
export function overlapInTime(order: readonly number[], firstTimes: readonly number[], lastTimes: readonly number[]): boolean {
  for (let k = 1; k < order.length; k++) {
    if (lastTimes[order[k - 1]!]! > firstTimes[order[k]!]!) return true;
  }
  return false;
}
