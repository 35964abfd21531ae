import type { AccessEvent } from '../../../core/events/event';
import type { FormatId, LineParser } from '../../../core/parse/parser';
import type { Batch } from '../store/batch';

/** What readers need from the engine; the batch is swapped on every commit, so it is read through a getter. */
export interface IngestContext {
  readonly batch: Batch;
  /** One parsed event: encoded into the batch and fed to the detector. `e.source` holds the file id. */
  event(e: AccessEvent): void;
  createParser(format: FormatId): LineParser;
  /** Format from a file's first lines, or null if no parser recognises them. */
  detectFormat(lines: string[]): FormatId | null;
  readonly maxLineBytes: number;
  readonly chunkBytes: number;
}
