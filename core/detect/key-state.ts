/**
 * Per-key detection state. One class for every key kind so V8 sees one shape. The key IS its record: an
 * array of doubles holding its scalars and every numeric window (record.ts), so a key costs a handful of
 * cache misses per event however many rules look at it; object fields hold what is not a number.
 */
import type { KeyKind } from './alert';
import type { Episode } from './episodes';
import type { TemplateInfo } from './path-info';
import { initRecord, KEEP_UNTIL, LAST_SEEN, RECORD_SCALARS } from './record';
import { detach } from './strings';
import type { DistinctWindow } from './window';

/** Windows of strings, which few keys ever need: allocated the first time one of them is. */
export class KeyExtra {
  uas: DistinctWindow<string> | null = null;
  authors: DistinctWindow<string> | null = null;
  /** Target keys: distinct client IPs failing against the target. */
  targetIps: DistinctWindow<string> | null = null;
  /** Endpoint targets: distinct client IPs whose attempts against the target did NOT fail (a success is a hit). */
  targetTried: DistinctWindow<string> | null = null;
  /** Target keys: the distinct count was under the threshold at the previous failure. */
  targetBelow = true;
}

/**
 * One-shot clients are the common case in big logs, so a key's FIRST request allocates no window at all:
 * it is remembered in the first* fields (and record scalars) and replayed into the windows when a second
 * request arrives.
 */
export class KeyState extends Array<number> {
  // Fields in the order the hot path reads them (V8 lays them out in declaration order): an identity key's
  // event reads the first three, a client's the first seven.
  readonly key: string;
  /** Generation of its KeyTable in which the key was last current (KeyTable.isCurrent). */
  gen = 0;
  /** Requests seen (the first one's facts: first* here and FIRST_* in the record). */
  reqCount = 0;
  /**
   * Last user agent, as the shared canonical copy (detector's UA cache), and its content flags. Most clients
   * never change it, so this is one compare per event against a string that stays in cache.
   */
  ua = '\u0000';
  uaFlags = 0;
  /**
   * IP keys: the application and user keys of the previous event. A client nearly always sends one identity,
   * so this saves two hash lookups per event (the detector checks the key text and that the key is current).
   */
  appKs: KeyState | null = null;
  userKs: KeyState | null = null;
  firstTmpl: TemplateInfo | null = null;
  firstHasId = false;
  firstCrawl = false;
  /** Enumeration tracking has started (its tracks are record windows, see record.ts enumTrack). */
  enumsOn = false;
  /** Open episodes of this key (usually none). */
  open: Episode[] | null = null;
  /** Sum of the weights of the open episodes. */
  riskSum = 0;
  x: KeyExtra | null = null;
  readonly kind: KeyKind;
  /**
   * IP keys: some request went to another endpoint than the first one. A target alert names only clients
   * that did nothing else (a stuffing bot's whole traffic is its login attempts; a user who mistyped a
   * password goes on to use the API).
   */
  mixed = false;

  constructor(key: string, kind: KeyKind) {
    super(RECORD_SCALARS); // one allocation of the right size: push is slow on an Array subclass
    // Kept as long as the key and copied into every alert's id and reason: a slice would pin its 64 KiB slab.
    this.key = detach(key);
    this.kind = kind;
    initRecord(this);
  }

  extra(): KeyExtra {
    return (this.x ??= new KeyExtra());
  }

  get lastSeen(): number {
    return this[LAST_SEEN]!;
  }

  get keepUntil(): number {
    return this[KEEP_UNTIL]!;
  }

  /** Keeps the key (through generation rotations) until at least `until`. */
  keep(until: number): void {
    if (until > this[KEEP_UNTIL]!) this[KEEP_UNTIL] = until;
  }
}
