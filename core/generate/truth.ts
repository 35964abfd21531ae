import type { AttackType, TruthRow } from './types';

/**
 * Ground truth: one row per attacker IP per episode. Rows are opened when an episode starts and counted as the
 * log writer shows each request with its IP, so the file matches the log exactly (a request a format does not
 * log, or logs without the client IP, is not counted).
 */
export class TruthRecorder {
  private readonly ips: string[] = [];
  private readonly types: AttackType[] = [];
  private readonly episodes: number[] = [];
  private readonly first: number[] = [];
  private readonly last: number[] = [];
  private readonly counts: number[] = [];

  open(ip: string, type: AttackType, episode: number): number {
    this.ips.push(ip);
    this.types.push(type);
    this.episodes.push(episode);
    this.first.push(0);
    this.last.push(0);
    this.counts.push(0);
    return this.ips.length - 1;
  }

  hit(row: number, time: number): void {
    if (this.counts[row] === 0) this.first[row] = time;
    this.last[row] = time;
    this.counts[row]!++;
  }

  /** Rows with at least one logged request, in order of first appearance; times floored to `resolutionMs`. */
  rows(resolutionMs: number): TruthRow[] {
    const out: { row: TruthRow; i: number }[] = [];
    for (let i = 0; i < this.ips.length; i++) {
      const n = this.counts[i]!;
      if (n === 0) continue;
      out.push({
        i,
        row: {
          ip: this.ips[i]!,
          attackType: this.types[i]!,
          firstSeen: floorTo(this.first[i]!, resolutionMs),
          lastSeen: floorTo(this.last[i]!, resolutionMs),
          requests: n,
        },
      });
    }
    out.sort((a, b) => a.row.firstSeen - b.row.firstSeen || a.i - b.i);
    return out.map((x) => x.row);
  }

  /** Distinct episodes with at least one logged request, per type. */
  episodesByType(): Partial<Record<AttackType, number>> {
    const seen = new Set<number>();
    const out: Partial<Record<AttackType, number>> = {};
    for (let i = 0; i < this.ips.length; i++) {
      if (this.counts[i] === 0 || seen.has(this.episodes[i]!)) continue;
      seen.add(this.episodes[i]!);
      const t = this.types[i]!;
      out[t] = (out[t] ?? 0) + 1;
    }
    return out;
  }
}

function floorTo(t: number, resolutionMs: number): number {
  return resolutionMs <= 1 ? t : Math.floor(t / resolutionMs) * resolutionMs;
}

export const TRUTH_HEADER = 'ip,attack_type,first_seen,last_seen,requests';

export function truthCsvLine(r: TruthRow): string {
  return `${r.ip},${r.attackType},${new Date(r.firstSeen).toISOString()},${new Date(r.lastSeen).toISOString()},${r.requests}`;
}

/** The whole truth file (header + rows), newline-terminated. */
export function truthCsv(rows: readonly TruthRow[]): string {
  let s = TRUTH_HEADER + '\n';
  for (const r of rows) s += truthCsvLine(r) + '\n';
  return s;
}

/** Parses a truth file written by `truthCsv` (for tests and evaluation). */
export function parseTruthCsv(text: string): TruthRow[] {
  const lines = text.split('\n').filter((l) => l.length > 0);
  if (lines[0] !== TRUTH_HEADER) throw new Error(`truth: unexpected header '${lines[0] ?? ''}'`);
  return lines.slice(1).map((l) => {
    const [ip, attackType, first, last, requests] = l.split(',');
    return {
      ip: ip!,
      attackType: attackType as AttackType,
      firstSeen: Date.parse(first!),
      lastSeen: Date.parse(last!),
      requests: Number(requests),
    };
  });
}
