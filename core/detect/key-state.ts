/**
 * Per-key detection state. One class for every key kind so V8 sees one shape; each window is allocated on
 * first use, so a client that only ever sends ordinary requests carries two small windows and nothing else.
 */
import type { KeyKind } from './alert';
import type { Episode } from './episodes';
import type { PathInfo, TemplateInfo } from './path-info';
import { DistinctWindow, FlagRing, TimeQueue } from './window';

/** Per-template enumeration tracking (a client walks one or two collections at a time). */
export interface EnumTrack {
  tmpl: TemplateInfo;
  ids: DistinctWindow<PathInfo>;
  lastNum: number;
  lastTime: number;
  run: number;
  lastUse: number;
  /** Distinct ids in the window after the last update. */
  count: number;
}

/** Windows most clients never need: allocated the first time one of them is. */
export class KeyExtra {
  auth: TimeQueue | null = null;
  authSlow: TimeQueue | null = null;
  notFoundTemplates: DistinctWindow<TemplateInfo> | null = null;
  probePaths: DistinctWindow<PathInfo> | null = null;
  notFound: TimeQueue | null = null;
  ratio: FlagRing | null = null;
  uas: DistinctWindow<string> | null = null;
  bustTmpl: TemplateInfo | null = null;
  bust: DistinctWindow<string> | null = null;
  authors: DistinctWindow<string> | null = null;
  /** Content rule windows by rule index. */
  content: (TimeQueue | null)[] | null = null;
  /** Target keys: distinct client IPs failing against the target. */
  targetIps: DistinctWindow<string> | null = null;
}

/**
 * One-shot clients are the common case in big logs, so a key's FIRST request allocates no window at all:
 * it is remembered in the first* fields and replayed into the windows when a second request arrives.
 */
export class KeyState {
  lastSeen = 0;
  /** Evidence reference of the key's previous event (packed source/line, byte offset). */
  lastRef = 0;
  lastOff = 0;
  /** Log time until which the key must be kept for its long windows (slow scan, low-and-slow stuffing). */
  keepUntil = 0;
  /** Open episodes of this key (usually none). */
  open: Episode[] | null = null;
  /** Sum of the weights of the open episodes. */
  riskSum = 0;

  /** Requests seen, and the first one (deferred window entry). */
  reqCount = 0;
  firstT = 0;
  firstRef = 0;
  firstOff = 0;
  firstPi: PathInfo | null = null;
  firstCrawl = false;

  req: TimeQueue | null = null;
  templates: DistinctWindow<TemplateInfo> | null = null;
  crawlPaths: DistinctWindow<PathInfo> | null = null;
  enums: EnumTrack[] | null = null;
  /** Last user agent and its content flags (most clients never change it, so one string compare per event). */
  ua = '\u0000';
  uaFlags = 0;
  /** The key's previous path and its info: clients often repeat a path, and a string compare beats a hash lookup. */
  lastPath = '\u0000';
  lastPi: PathInfo | null = null;
  x: KeyExtra | null = null;

  constructor(
    readonly key: string,
    readonly kind: KeyKind,
  ) {}

  extra(): KeyExtra {
    return (this.x ??= new KeyExtra());
  }
}
