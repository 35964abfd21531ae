/** Event sources for training and evaluation: log files (any supported format, gzip too) or events in memory. */
import type { AccessEvent } from '../events/event';
import { forEachLine } from '../io/line-reader';
import { createParser, detectFormat } from '../parse/index';
import type { FormatId, ParseSink } from '../parse/parser';

export interface EventSource {
  /** Log files, read in this order (rotated files oldest first: log time drives the windows). */
  logPath?: string | string[];
  /** Overrides format detection for every file. */
  format?: FormatId;
  /** Events already parsed (tests, the engine); used when logPath is absent. */
  events?: Iterable<AccessEvent> | AsyncIterable<AccessEvent>;
}

export interface ReadStats {
  events: number;
  parseErrors: number;
}

const SNIFF_LINES = 50;

async function sniff(path: string, signal?: AbortSignal): Promise<FormatId> {
  const lines: string[] = [];
  const stop = new AbortController();
  try {
    await forEachLine(
      path,
      (text) => {
        lines.push(text);
        if (lines.length >= SNIFF_LINES) stop.abort();
      },
      { signal: stop.signal },
    );
  } catch (err) {
    if (!stop.signal.aborted) throw err;
  }
  signal?.throwIfAborted();
  const found = detectFormat(lines)?.format;
  if (!found) throw new Error(`${path}: could not recognize the log format from its first lines`);
  return found;
}

/** Calls onEvent for every event of the source, in order. */
export async function forEachEvent(
  src: EventSource,
  onEvent: (e: AccessEvent) => void,
  signal?: AbortSignal,
): Promise<ReadStats> {
  const stats: ReadStats = { events: 0, parseErrors: 0 };
  if (src.logPath === undefined) {
    if (!src.events) throw new Error('no events: give logPath or events');
    for await (const e of src.events) {
      stats.events++;
      onEvent(e);
      if ((stats.events & 0xffff) === 0) signal?.throwIfAborted();
    }
    return stats;
  }
  const paths = Array.isArray(src.logPath) ? src.logPath : [src.logPath];
  for (let source = 0; source < paths.length; source++) {
    const path = paths[source]!;
    const parser = createParser(src.format ?? (await sniff(path, signal)));
    const sink: ParseSink = {
      event(e) {
        e.source = source;
        stats.events++;
        onEvent(e);
      },
      error() {
        stats.parseErrors++;
      },
      ignored() {},
    };
    await forEachLine(path, (text, lineNo, offset) => parser.line(text, lineNo, offset, sink), { signal });
    parser.end(sink);
  }
  return stats;
}
