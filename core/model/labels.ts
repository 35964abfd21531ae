/**
 * Labels for windows, from a generator's ground truth or from an analyst's verdicts. Never from rule
 * output: a model taught by the rules can only re-learn them.
 */
import { readFile } from 'node:fs/promises';

export interface TruthRecord {
  ip: string;
  attackType: string;
  firstSeen: number;
  lastSeen: number;
  requests: number;
}

export type VerdictKind = 'true-positive' | 'false-positive' | 'benign';

export interface Verdict {
  /** The client (IP) the verdict is about; verdicts on other key kinds do not match windows. */
  key: string;
  /** ms since epoch, or an ISO string. */
  firstSeen: number | string;
  lastSeen: number | string;
  verdict: VerdictKind;
  /** For true positives: the kind of attack, used to stratify the split (default 'analyst-confirmed'). */
  attackType?: string;
}

export interface WindowLabel {
  label: 0 | 1;
  /** 'benign' for label 0. */
  attackType: string;
}

/** Label of a client's window [start, end] (log ms); null leaves the window out of training. */
export type Labeler = (client: string, start: number, end: number) => WindowLabel | null;

export const BENIGN = 'benign';
const BENIGN_LABEL: WindowLabel = { label: 0, attackType: BENIGN };

export class TruthFormatError extends Error {
  override name = 'TruthFormatError';
}

/** Parses `ip,attack_type,first_seen,last_seen,requests` (header optional, ISO or epoch-ms times). */
export function parseTruthCsv(text: string): TruthRecord[] {
  const out: TruthRecord[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const cells = line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    if (i === 0 && cells[0]?.toLowerCase() === 'ip') continue;
    if (cells.length < 4) throw new TruthFormatError(`truth line ${i + 1}: expected ip,attack_type,first_seen,last_seen,requests`);
    const firstSeen = parseTime(cells[2]!);
    const lastSeen = parseTime(cells[3]!);
    if (Number.isNaN(firstSeen) || Number.isNaN(lastSeen)) {
      throw new TruthFormatError(`truth line ${i + 1}: bad time '${cells[2]}' or '${cells[3]}'`);
    }
    out.push({ ip: cells[0]!, attackType: cells[1]!, firstSeen, lastSeen, requests: Number(cells[4] ?? 0) || 0 });
  }
  return out;
}

export async function readTruthFile(path: string): Promise<TruthRecord[]> {
  return parseTruthCsv(await readFile(path, 'utf8'));
}

export function parseTime(v: number | string): number {
  if (typeof v === 'number') return v;
  return /^\d+$/.test(v) ? Number(v) : Date.parse(v);
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

/** Attacker windows overlapping one of the client's attack intervals are positive; everything else benign. */
export function truthLabeler(records: readonly TruthRecord[]): Labeler {
  const byIp = groupBy(records, (r) => r.ip);
  return (client, start, end) => {
    const list = byIp.get(client);
    if (list) {
      for (const r of list) if (r.firstSeen <= end && r.lastSeen >= start) return { label: 1, attackType: r.attackType };
    }
    return BENIGN_LABEL;
  };
}

export interface VerdictLabelerOptions {
  /** Windows no verdict covers: left out ('skip', default) or taken as benign. */
  unlabeled?: 'skip' | 'benign';
}

export function verdictLabeler(verdicts: readonly Verdict[], opts: VerdictLabelerOptions = {}): Labeler {
  const byKey = groupBy(
    verdicts.map((v) => ({ ...v, first: parseTime(v.firstSeen), last: parseTime(v.lastSeen) })),
    (v) => v.key,
  );
  const fallback = opts.unlabeled === 'benign' ? BENIGN_LABEL : null;
  return (client, start, end) => {
    const list = byKey.get(client);
    if (list) {
      // The latest verdict wins where an analyst revised an earlier one.
      for (let i = list.length - 1; i >= 0; i--) {
        const v = list[i]!;
        if (v.first > end || v.last < start) continue;
        if (v.verdict === 'true-positive') return { label: 1, attackType: v.attackType ?? 'analyst-confirmed' };
        return BENIGN_LABEL;
      }
    }
    return fallback;
  };
}

/** The first labeler with an opinion decides: e.g. analyst verdicts first, then ground truth. */
export function combineLabelers(...labelers: Labeler[]): Labeler {
  return (client, start, end) => {
    for (const l of labelers) {
      const v = l(client, start, end);
      if (v) return v;
    }
    return null;
  };
}
