/**
 * A bounded memo for per-string facts (templates of raw paths, user-agent flags). Two generations instead
 * of a true LRU: lookups are one Map.get on the hot path, and when the young map fills the old one is
 * dropped whole, so entries in use survive (they are promoted on access) and memory stays under 2 × limit.
 */
export class BoundedCache<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    const v = this.young.get(key);
    if (v !== undefined) return v;
    const o = this.old.get(key);
    if (o !== undefined) this.set(key, o);
    return o;
  }

  set(key: string, value: V): void {
    if (this.young.size >= this.limit) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }

  get size(): number {
    return this.young.size + this.old.size;
  }
}
