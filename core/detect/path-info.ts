/**
 * Everything the rules need to know about a raw path, computed once per distinct path and cached: its
 * endpoint template (interned, so rules compare templates by identity) and its object id. Content flags and
 * the static-asset test hang off the TEMPLATE: placeholders only replace opaque id segments (digits, uuids,
 * hex, long tokens), which no signature looks at, and there are far fewer templates than raw paths, so the
 * regexes run once per endpoint rather than once per object id.
 */
import { BoundedCache } from './bounded-cache';
import { classifyPath, isStaticPath } from './content/classify';
import { templatePathWithId } from './path-template';

export interface TemplateInfo {
  template: string;
  /** Content flags (content/classify.ts). */
  flags: number;
  isStatic: boolean;
}

export interface PathInfo {
  path: string;
  tmpl: TemplateInfo;
  /** Raw last id segment ('' if the path has no id placeholder). */
  id: string;
  /** Numeric value of that id, NaN when it is not a plain number. */
  idNum: number;
}

export class PathInfos {
  private readonly paths: BoundedCache<PathInfo>;
  private readonly templates: BoundedCache<TemplateInfo>;

  constructor(limit = 100_000) {
    this.paths = new BoundedCache(limit);
    this.templates = new BoundedCache(limit);
  }

  get(path: string): PathInfo {
    const hit = this.paths.get(path);
    if (hit !== undefined) return hit;
    const { template, lastId } = templatePathWithId(path);
    const info: PathInfo = {
      path,
      tmpl: this.template(template),
      id: lastId,
      idNum: lastId !== '' && lastId.length <= 15 && /^\d+$/.test(lastId) ? Number(lastId) : NaN,
    };
    this.paths.set(path, info);
    return info;
  }

  template(template: string): TemplateInfo {
    let tmpl = this.templates.get(template);
    if (tmpl === undefined) {
      tmpl = { template, flags: classifyPath(template), isStatic: isStaticPath(template) };
      this.templates.set(template, tmpl);
    }
    return tmpl;
  }
}
