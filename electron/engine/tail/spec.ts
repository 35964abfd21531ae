import { basename, dirname, resolve } from 'node:path';

/**
 * What the user asked to watch. chokidar ≥ 4 has no globs, so a `*` (and `?`) in the LAST path segment is
 * handled here; anything else is a literal path. A folder means "every regular file directly in it".
 */
export type WatchSpec =
  | { kind: 'file'; spec: string; path: string; dir: string }
  | { kind: 'dir'; spec: string; dir: string }
  | { kind: 'glob'; spec: string; dir: string; pattern: RegExp };

export function parseSpec(spec: string, isDirectory: (p: string) => boolean): WatchSpec {
  const abs = resolve(spec);
  const name = basename(abs);
  if (/[*?]/.test(name)) {
    if (/[*?]/.test(dirname(abs))) throw new Error(`only the last path segment may contain * or ?: ${spec}`);
    return { kind: 'glob', spec, dir: dirname(abs), pattern: globToRegExp(name) };
  }
  if (isDirectory(abs)) return { kind: 'dir', spec, dir: abs };
  return { kind: 'file', spec, path: abs, dir: dirname(abs) };
}

export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (const ch of glob) {
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Whether an absolute file path belongs to this spec (directly in its folder, name matching). */
export function specMatches(w: WatchSpec, path: string): boolean {
  switch (w.kind) {
    case 'file':
      return path === w.path;
    case 'dir':
      return dirname(path) === w.dir && !isRotatedOrTemp(basename(path));
    case 'glob':
      return dirname(path) === w.dir && w.pattern.test(basename(path));
  }
}

/**
 * In a watched folder, rotated copies (app.log.1, app.log.2.gz) and editor temp files are not new sources:
 * a rotated file is finished by the source that was reading it (found by identity), and reading it again
 * under its new name would count its lines twice.
 */
function isRotatedOrTemp(name: string): boolean {
  return /\.\d+(\.gz)?$/.test(name) || /\.(gz|bz2|xz|zst|swp|tmp)$/.test(name) || name.startsWith('.');
}
