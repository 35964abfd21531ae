/**
 * The scored windows a ModelAlerter remembers per client, so that a rule alert on that client can carry the
 * best probability of the windows it overlaps: only windows worth showing, and a bounded few per client.
 */
import type { WindowScore } from '../model/scoring';

const REMEMBER_FLOOR = 0.1;
const PER_CLIENT = 8;

interface Remembered {
  start: number[];
  end: number[];
  p: number[];
  features: number[][];
}

export class ScoredWindows {
  private readonly byClient = new Map<string, Remembered>();

  add(s: WindowScore): void {
    if (s.probability < REMEMBER_FLOOR) return;
    let r = this.byClient.get(s.client);
    if (!r) this.byClient.set(s.client, (r = { start: [], end: [], p: [], features: [] }));
    if (r.p.length >= PER_CLIENT) {
      // Keep the strongest windows: drop the weakest one if this is stronger.
      let weakest = 0;
      for (let i = 1; i < r.p.length; i++) if (r.p[i]! < r.p[weakest]!) weakest = i;
      if (r.p[weakest]! >= s.probability) return;
      r.start.splice(weakest, 1);
      r.end.splice(weakest, 1);
      r.p.splice(weakest, 1);
      r.features.splice(weakest, 1);
    }
    r.start.push(s.start);
    r.end.push(s.end);
    r.p.push(s.probability);
    r.features.push(s.features.slice()); // the scorer reuses its array for the next window
  }

  /** The best probability (0 if none) among the client's windows overlapping [from, to], with its features. */
  best(client: string, from: number, to: number): { best: number; features: number[] | null } {
    let best = 0;
    let features: number[] | null = null;
    const r = this.byClient.get(client);
    if (r) {
      for (let i = 0; i < r.p.length; i++) {
        if (r.start[i]! <= to && r.end[i]! >= from && r.p[i]! > best) {
          best = r.p[i]!;
          features = r.features[i]!;
        }
      }
    }
    return { best, features };
  }

  /** Drops clients whose remembered windows all ended before `horizon` (log time). */
  forget(horizon: number): void {
    for (const [client, r] of this.byClient) if (Math.max(...r.end) < horizon) this.byClient.delete(client);
  }
}
