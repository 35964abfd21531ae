/**
 * Everything the rules need to know about a raw path: its endpoint template (interned, so rules compare
 * templates by identity), the identity of the raw path and its last object id. Content flags and the
 * static-asset test hang off the TEMPLATE: placeholders only replace opaque id segments (digits, uuids, hex,
 * long tokens), which no signature looks at, and there are far fewer templates than raw paths, so the
 * regexes run once per endpoint rather than once per object id.
 *
 * Per event this is one hash lookup for a path that is its own template (most traffic), else one character
 * scan of the path (path-scan.ts) and one probe of a direct-mapped table of recent templates, verified
 * character by character; the template string is only built for a template not in that table.
 */
import { classifyPath, isStaticPath } from './content/classify';
import type { KeyState } from './key-state';
import * as pathScan from './path-scan';
import { detach } from './strings';

// Imported values are bound to module constants once: under Vite's module transform (vitest) every
// read of an imported binding is a getter call, which the per-event code would pay on each use.
const { buildTemplate, isTemplateOf, PathScan, pathIdentity, scanPath } = pathScan;

export class TemplateInfo {
  /** Memo of the distributed-stuffing target key for the last method seen ("endpoint:POST /login"). */
  endpointMethod = '\u0000';
  endpointKey = '';
  /** Target key of `endpointKey` (distributed stuffing), set when an attempt against it failed. */
  target: KeyState | null = null;
  /** Generation of the store that last held this template (see TemplateStore). */
  gen = 0;
  /** Scans of paths equal to this template (PathInfos.literal). */
  scans = 0;

  constructor(
    /** Unique per interned template: distinct-template windows store this number. */
    readonly id: number,
    readonly template: string,
    /** FNV-1a of the template (PathScan.tmplHash). */
    readonly hash: number,
    /** Content flags (content/classify.ts). */
    readonly flags: number,
    readonly isStatic: boolean,
  ) {}
}

/** Facts of the current event's path; one scratch instance, overwritten per event. */
export interface PathFacts {
  tmpl: TemplateInfo;
  /** Identity of the raw path in distinct-value windows (path-scan.ts pathIdentity). */
  hash: number;
  /** The path has an id placeholder (an object id, for enumeration). */
  hasId: boolean;
  /** Numeric value of that id, NaN when it is not a plain number. */
  idNum: number;
}

const FRONT_BITS = 14;
/** A path that is its own template goes to the literal map at its LITERAL_AFTER-th scan. */
const LITERAL_AFTER = 4;
const LITERAL_LIMIT = 4096;

/**
 * Interned templates, bounded as BoundedCache is: two generations of at most `limit` each; an entry used
 * while in the old generation moves to the young one, and the old generation is dropped whole when the
 * young one fills. Generation numbers let the direct-mapped front table apply the same rule.
 */
class TemplateStore {
  private young = new Map<string, TemplateInfo>();
  private old = new Map<string, TemplateInfo>();
  private gen = 1;
  private seq = 0;

  constructor(private readonly limit: number) {}

  /** A template found in the front table: false if the store has dropped it since (it must be re-interned). */
  touch(t: TemplateInfo): boolean {
    if (t.gen === this.gen) return true;
    if (t.gen !== this.gen - 1) return false;
    this.add(t);
    return true;
  }

  intern(template: string, hash: number): TemplateInfo {
    let t = this.young.get(template);
    if (t !== undefined) return t;
    t = this.old.get(template);
    if (t === undefined) {
      template = detach(template);
      t = new TemplateInfo(++this.seq, template, hash, classifyPath(template), isStaticPath(template));
    }
    this.add(t);
    return t;
  }

  private add(t: TemplateInfo): void {
    if (this.young.size >= this.limit) {
      this.old = this.young;
      this.young = new Map();
      this.gen++;
    }
    this.young.set(t.template, t);
    t.gen = this.gen;
  }
}

export class PathInfos {
  private readonly store: TemplateStore;
  private readonly front = new Array<TemplateInfo | null>(1 << FRONT_BITS).fill(null);
  private readonly scan = new PathScan();
  /**
   * Templates by their own text, for paths that are their own template. Exact: a path equal to any template
   * string has only kept segments (placeholders contain braces), so it is its own template.
   */
  private literal = new Map<string, TemplateInfo>();
  readonly facts: PathFacts;

  constructor(limit = 100_000) {
    this.store = new TemplateStore(limit);
    this.facts = { tmpl: new TemplateInfo(0, '', 0, 0, false), hash: 0, hasId: false, idNum: NaN };
  }

  /** Fills and returns `facts` for `path` (valid until the next call). */
  describe(path: string): PathFacts {
    const f = this.facts;
    // Most requests go to a few fixed endpoints (/cart, /search, assets) whose path IS their template:
    // one native hash lookup instead of a character scan.
    const known = this.literal.get(path);
    if (known !== undefined && this.store.touch(known)) {
      f.tmpl = known;
      f.hash = known.id;
      f.hasId = false;
      f.idNum = NaN;
      return f;
    }
    const s = this.scan;
    scanPath(path, s);
    const slot = (s.tmplHash ^ (s.tmplHash >>> FRONT_BITS)) & ((1 << FRONT_BITS) - 1);
    let t = this.front[slot]!;
    if (t === null || t.hash !== s.tmplHash || !isTemplateOf(t.template, path, s) || !this.store.touch(t)) {
      t = this.store.intern(buildTemplate(path, s), s.tmplHash);
      this.front[slot] = t;
    }
    if (s.nReps === 0 && ++t.scans === LITERAL_AFTER) {
      // Only endpoints seen repeatedly: scanners' one-off random paths would bloat the map out of cache.
      if (this.literal.size >= LITERAL_LIMIT) this.literal = new Map();
      this.literal.set(t.template, t);
    }
    f.tmpl = t;
    f.hash = pathIdentity(path, s, t.id);
    f.hasId = s.nReps > 0;
    f.idNum = s.idNum;
    return f;
  }
}
