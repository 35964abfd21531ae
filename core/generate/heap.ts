/** Something with a time it next wants to act at; `id` breaks ties so the order is fully deterministic. */
export interface Scheduled {
  nextTime: number;
  readonly id: number;
}

/**
 * Binary min-heap of actors keyed by (nextTime, id): the scheduler that keeps the output in time order.
 * Keys live in typed arrays beside the items, so sifting never touches the (many-shaped) actor objects.
 */
export class MinHeap<T extends Scheduled> {
  private items: T[] = [];
  private times = new Float64Array(64);
  private ids = new Float64Array(64);
  private n = 0;

  get size(): number {
    return this.n;
  }

  peek(): T | undefined {
    return this.n > 0 ? this.items[0] : undefined;
  }

  /** nextTime of the top item (Infinity when empty). */
  peekTime(): number {
    return this.n > 0 ? this.times[0]! : Infinity;
  }

  push(item: T): void {
    if (this.n === this.times.length) this.grow();
    let i = this.n++;
    const t = item.nextTime;
    const id = item.id;
    const { times, ids, items } = this;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p]!;
      if (pt < t || (pt === t && ids[p]! < id)) break;
      times[i] = pt;
      ids[i] = ids[p]!;
      items[i] = items[p]!;
      i = p;
    }
    times[i] = t;
    ids[i] = id;
    items[i] = item;
  }

  pop(): T | undefined {
    if (this.n === 0) return undefined;
    const top = this.items[0];
    const last = --this.n;
    if (last > 0) this.siftDown(this.items[last]!, this.times[last]!, this.ids[last]!);
    this.items.length = this.n;
    return top;
  }

  /** Call after the top item's nextTime changed (grew): restores the heap in O(log n). */
  updateTop(): void {
    const top = this.items[0]!;
    this.siftDown(top, top.nextTime, top.id);
  }

  private siftDown(item: T, t: number, id: number): void {
    const { times, ids, items } = this;
    const n = this.n;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      let ct = times[l]!;
      if (r < n) {
        const rt = times[r]!;
        if (rt < ct || (rt === ct && ids[r]! < ids[l]!)) {
          c = r;
          ct = rt;
        }
      }
      if (t < ct || (t === ct && id < ids[c]!)) break;
      times[i] = ct;
      ids[i] = ids[c]!;
      items[i] = items[c]!;
      i = c;
    }
    times[i] = t;
    ids[i] = id;
    items[i] = item;
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    times.set(this.times);
    const ids = new Float64Array(this.ids.length * 2);
    ids.set(this.ids);
    this.times = times;
    this.ids = ids;
  }
}
