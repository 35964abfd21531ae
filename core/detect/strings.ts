/**
 * A flat copy of a string, for strings kept for a long time (interned templates, canonical user agents).
 * Parsers hand out slices of 64 KiB decoded slabs: keeping the slice would pin its whole slab, and every
 * comparison against it would go through the slice to the slab. The JSON round trip is exact for any
 * UTF-16 content (lone surrogates included) and runs once per distinct string.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}
