/**
 * Labeled window samples from the traffic generator, entirely in memory: generate lines -> parse -> window
 * features -> ground-truth labels. Bundled into the model benchmarks by build.mjs.
 */
import { generateTraffic, type GenerateFormat } from '@core/generate/index';
import { createParser } from '@core/parse/index';
import type { ParseSink } from '@core/parse/parser';
import type { AccessEvent } from '@core/events/event';
import { DatasetBuilder, type Dataset } from '@core/model/dataset';
import { truthLabeler, type TruthRecord } from '@core/model/labels';
import { WindowExtractor } from '@core/model/window-extractor';

export interface GeneratedSet {
  dataset: Dataset;
  events: AccessEvent[] | null;
  /** The log lines themselves, when keepEvents. */
  lines: string[] | null;
  lineCount: number;
  eventCount: number;
  /** The generator's ground truth (ip, attackType, firstSeen, lastSeen, requests). */
  truth: TruthRecord[];
  seconds: number;
}

/** keepEvents: hold the parsed events too (for throughput measurements that replay them). */
export function generatedDataset(lines: number, seed: number, format: GenerateFormat = 'combined', keepEvents = false): GeneratedSet {
  const t0 = performance.now();
  const parser = createParser(format);
  const kept: AccessEvent[] | null = keepEvents ? [] : null;
  const keptLines: string[] | null = keepEvents ? [] : null;
  let builder: DatasetBuilder | null = null;
  const pending: AccessEvent[] = [];
  let eventCount = 0;
  const sink: ParseSink = {
    event(e) {
      eventCount++;
      pending.push(e);
    },
    error() {},
    ignored() {},
  };
  let lineNo = 0;
  let offset = 0;
  const summary = generateTraffic({ lines, seed, format }, (text) => {
    keptLines?.push(text);
    parser.line(text, ++lineNo, offset, sink);
    offset += text.length + 1;
  });
  parser.end(sink);
  // Labels need the truth, which is complete only once generation ends: so extract afterwards.
  const truth: TruthRecord[] = summary.truth.map((r) => ({ ...r }));
  builder = new DatasetBuilder(truthLabeler(truth));
  const b = builder;
  const x = new WindowExtractor((s) => b.add(s));
  for (const e of pending) {
    x.push(e);
    kept?.push(e);
  }
  x.flush();
  return { dataset: b.build(), events: kept, lines: keptLines, lineCount: lines, eventCount, truth, seconds: (performance.now() - t0) / 1000 };
}
export { trainDefaultModel, DEFAULT_MODEL_RECIPE } from '@core/model/default-model';
