/**
 * Per-string facts that repeat across events (path template and content flags, user-agent kind), cached
 * because the same paths and agents recur constantly: the hot path pays for a Map lookup, not a regex.
 * Content flags come from core/detect's signature classifier (pattern matching on the request text, not a
 * rule's verdict), so the model and the content rules agree on what a traversal or an injection looks like.
 */
import { templatePath } from '../detect/path-template';
import { classifyPath, classifyUserAgent, F_BAD_UA, isStaticPath } from '../detect/content/classify';
import { detach } from '../detect/strings';

export interface PathFacts {
  template: string;
  /** core/detect content flags (F_*). */
  flags: number;
  /** A static file (css, js, image, font, media, pdf) by its extension, as the detector's rules judge it. */
  isStatic: boolean;
}

export const AGENT_SCRIPT = 1;
export const AGENT_SCANNER = 2;

/** HTTP libraries and headless browsers: automation, not necessarily hostile. */
const SCRIPT_AGENT =
  /curl|wget|python|go-http|java\/|libwww|okhttp|httpclient|axios|node-fetch|undici|scrapy|guzzle|headless|phantomjs/i;
const CACHE_LIMIT = 50_000;

export class FactCache {
  private paths = new Map<string, PathFacts>();
  private agents = new Map<string, number>();
  // One-entry memos: consecutive events often repeat an agent or path, and comparing two strings is
  // cheaper than hashing a fresh one for the Map.
  private lastPath = '';
  private lastFacts: PathFacts = { template: '', flags: 0, isStatic: false };
  private lastAgent = '';
  private lastKind = 0;

  path(path: string): PathFacts {
    if (path === this.lastPath) return this.lastFacts;
    let f = this.paths.get(path);
    if (f === undefined) {
      if (this.paths.size >= CACHE_LIMIT) this.paths = new Map();
      // Flat copies: the path is a slice of a 64 KiB line slab and its template is built from slices of it, so
      // keeping either would keep the slab (50,000 cached paths pinned 140 MB of slabs in the engine).
      const template = detach(templatePath(path));
      f = { template, flags: classifyPath(path), isStatic: isStaticPath(template) };
      this.paths.set(detach(path), f);
    }
    this.lastPath = path;
    this.lastFacts = f;
    return f;
  }

  /** AGENT_* bits of a user agent. */
  agent(ua: string): number {
    if (ua === this.lastAgent) return this.lastKind;
    let v = this.agents.get(ua);
    if (v === undefined) {
      if (this.agents.size >= CACHE_LIMIT) this.agents = new Map();
      v = (SCRIPT_AGENT.test(ua) ? AGENT_SCRIPT : 0) | (classifyUserAgent(ua) & F_BAD_UA ? AGENT_SCANNER : 0);
      this.agents.set(detach(ua), v);
    }
    this.lastAgent = ua;
    this.lastKind = v;
    return v;
  }
}
