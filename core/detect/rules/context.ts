/** What every rule module gets: the configuration, the episode book and the evidence-source adapter. */
import type { DetectionConfig } from '../config';
import type { EpisodeBook } from '../episodes';
import type { RecordSource } from '../record-windows';

export interface RuleContext {
  readonly cfg: DetectionConfig;
  readonly book: EpisodeBook;
  /** Reused adapter presenting a record window as an episode's evidence (record-windows.ts). */
  readonly src: RecordSource;
}

/** Window caps: large enough to report a flood's real peak, small enough that a flood costs kilobytes. */
export const PEAK_CAP = 1024;
