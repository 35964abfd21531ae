import type { GenRequest } from '../types';

export type LineSink = (line: string) => void;

/** Turns client requests into the log lines a given product writes for them. */
export interface FormatWriter {
  /** Timestamp resolution of the format in ms (what a parser can recover). */
  readonly resolutionMs: number;
  /** How many lines the product writes for this request (0 = it does not log it). */
  linesFor(req: GenRequest): number;
  /** True when those lines carry the request's client IP (so the truth file counts it). */
  attributable(req: GenRequest): boolean;
  write(req: GenRequest, out: LineSink): void;
  /**
   * Writes only the first line of a multi-line request: a request still in flight when the log ends.
   * Returns false when the format has no such partial form.
   */
  writeFirstLine(req: GenRequest, out: LineSink): boolean;
  /** Lines the file opens with, before any request (IIS's `#` directives); they count as lines of the log. */
  header?(start: number): string[];
}

/** A product that writes one line per request, always with the client's address (most edge proxies). */
export abstract class OneLineWriter implements FormatWriter {
  abstract readonly resolutionMs: number;
  abstract write(req: GenRequest, out: LineSink): void;

  linesFor(): number {
    return 1;
  }

  attributable(): boolean {
    return true;
  }

  writeFirstLine(): boolean {
    return false;
  }
}
