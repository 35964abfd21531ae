/** A line that did not parse: kept as data with its position, never thrown. */
export type ParseErrorCode =
  | 'unrecognized' // does not match the format at all
  | 'bad-timestamp'
  | 'bad-request-line'
  | 'bad-status'
  | 'bad-number'
  | 'bad-json'
  | 'missing-field'
  | 'line-too-long'
  | 'binary'
  | 'error-log-line' // a server error-log line in an access log: expected, not a defect
  | 'damaged-file'; // a compressed file whose data is corrupt or cut short from this line on

export interface ParseError {
  code: ParseErrorCode;
  /** Human-readable reason, e.g. "status '2x0' is not a number". */
  message: string;
  /** 1-based line number. */
  line: number;
  /** Byte offset of the line start. */
  offset: number;
  /** Source index within the run. */
  source: number;
  /** The first 200 characters of the line, for reports. */
  sample: string;
}

export function sampleOf(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
