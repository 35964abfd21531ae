/** What every rule module gets: the configuration and the episode book. */
import type { DetectionConfig } from '../config';
import type { EpisodeBook } from '../episodes';

export interface RuleContext {
  readonly cfg: DetectionConfig;
  readonly book: EpisodeBook;
}

/** Window caps: large enough to report a flood's real peak, small enough that a flood costs kilobytes. */
export const PEAK_CAP = 1024;
