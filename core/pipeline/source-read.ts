import type { AccessEvent } from '../events/event';
import { forEachLine, type ReadFailurePosition } from '../io/line-reader';
import type { StreamLines } from '../io/stream-lines';
import { createParser, type AccessClientIndex } from '../parse/index';
import type { FormatId, ParseSink } from '../parse/parser';
import type { ScanTally, SourceSummary } from './scan-summary';

/** The path that stands for standard input (`kubectl logs … | api-shield scan -`). */
export const STDIN_PATH = '-';

/** What every source of one scan shares. */
export interface SourceReadContext {
  tally: ScanTally;
  /** Each source's format, by source index. */
  formats: readonly FormatId[];
  /** The WSO2 access-log index, when access logs are joined with metrics or carbon logs. */
  join: AccessClientIndex | null;
  since: number;
  until: number;
  utcOffsetMinutes: number | undefined;
  signal: AbortSignal | undefined;
  stdin: StreamLines | null;
  /** Bytes of this source read so far. */
  onProgress: ((source: number, bytes: number) => void) | undefined;
}

/**
 * Reads one source to its end. Parse errors and ignored lines are counted here; each event to detect goes
 * to `deliver`, in file order. A damaged compressed file is read up to the damage (one parse error there).
 */
export async function readSource(
  ctx: SourceReadContext,
  source: number,
  path: string,
  deliver: (e: AccessEvent) => void,
  afterChunk?: () => Promise<void> | void,
): Promise<SourceSummary> {
  const { tally, join, since, until } = ctx;
  const format = ctx.formats[source]!;
  const parser = createParser(format, { utcOffsetMinutes: ctx.utcOffsetMinutes });
  const role = join ? joinRole(ctx.formats, format) : 'detect';
  const summary: SourceSummary = { path, format, lines: 0, bytes: 0, events: 0, ignored: 0, parseErrors: 0 };
  const ignore = (reason: Parameters<ScanTally['ignore']>[0]) => {
    tally.ignore(reason);
    summary.ignored++;
  };
  const sink: ParseSink = {
    event(e) {
      e.source = source;
      if (role !== 'detect') {
        if (role === 'index-only' || role === 'index-and-detect') {
          if (e.status >= 400) join!.add(e);
          if (role === 'index-only') return void ignore('paired');
        } else if (e.client === '') {
          e.client = join!.clientFor(e);
          // A carbon warning the access log explains is the same API call: count it once.
          if (role === 'attribute-or-drop' && e.client !== '') return void ignore('paired');
        }
      }
      if (e.time < since || e.time >= until) return void ignore('outside-range');
      tally.events++;
      summary.events++;
      deliver(e);
    },
    error(e) {
      e.source = source;
      tally.error(e);
      summary.parseErrors++;
    },
    ignored(_line, reason) {
      ignore(reason);
    },
  };
  const read = {
    signal: ctx.signal,
    afterChunk,
    onProgress: ctx.onProgress ? (done: number) => ctx.onProgress!(source, done) : undefined,
    onLongLine: (lineNo: number, offset: number, byteLength: number, head: string) =>
      sink.error({
        code: 'line-too-long',
        message: `line of ${byteLength} bytes exceeds the limit`,
        line: lineNo,
        offset,
        source,
        sample: head.slice(0, 200),
      }),
  };
  const onLine = (text: string, lineNo: number, offset: number) => parser.line(text, lineNo, offset, sink);
  let lines: number;
  let bytes: number;
  try {
    ({ lines, bytes } = path === STDIN_PATH ? await ctx.stdin!.forEach(onLine, read) : await forEachLine(path, onLine, read));
  } catch (err) {
    if (!isZlibError(err)) throw err;
    // A truncated or corrupt .gz (a copy cut short, a disk that filled while compressing): what decompressed
    // stands, and the damage is reported where it starts, as a parse error, rather than ending the scan.
    const { line: at = 1, offset = 0 } = err as ReadFailurePosition;
    sink.error({
      code: 'damaged-file',
      message: `compressed data damaged from here on (${(err as Error).message}): the rest of the file could not be read`,
      line: at,
      offset,
      source,
      sample: '',
    });
    lines = at;
    bytes = offset;
  }
  parser.end(sink);
  tally.lines += lines;
  summary.lines = lines;
  summary.bytes = bytes;
  return summary;
}

/** zlib's own failures (Z_BUF_ERROR for a truncated stream, Z_DATA_ERROR for corrupt data). */
export function isZlibError(err: unknown): boolean {
  return typeof (err as { code?: unknown })?.code === 'string' && (err as { code: string }).code.startsWith('Z_');
}

type JoinRole = 'detect' | 'index-only' | 'index-and-detect' | 'attribute' | 'attribute-or-drop';

/**
 * Each API call must be counted once. With WSO2 metrics, the metrics events are the calls (richer identity)
 * and the access log only lends client IPs. With carbon warnings only, the access log holds the calls and a
 * warning it explains is a duplicate; warnings it cannot explain still count (keyed on user/application).
 */
function joinRole(formats: readonly FormatId[], format: FormatId): JoinRole {
  const metrics = formats.includes('wso2-metrics');
  if (format === 'wso2-access') return metrics ? 'index-only' : 'index-and-detect';
  if (format === 'wso2-metrics') return 'attribute';
  if (format === 'wso2-carbon') return metrics ? 'attribute' : 'attribute-or-drop';
  return 'detect';
}
