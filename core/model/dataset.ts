/** Labeled window samples as one matrix, plus the per-row facts the split and the metrics need. */
import type { FeatureMatrix } from './bins';
import { FEATURE_COUNT } from './features';
import { BENIGN, type Labeler } from './labels';
import type { ClientSplit } from './split';

export interface SampleLike {
  client: string;
  start: number;
  end: number;
  features: ArrayLike<number>;
}

export interface Dataset {
  matrix: FeatureMatrix;
  clients: string[];
  labels: Uint8Array;
  /** Per row: the attack type of a positive window, 'benign' otherwise. */
  attackTypes: string[];
}

/** Collects samples into a growing row-major buffer (one allocation per doubling, not per row). */
export class DatasetBuilder {
  private data: Float64Array;
  private labels = new Uint8Array(1024);
  private readonly clients: string[] = [];
  private readonly types: string[] = [];
  private rows = 0;
  /** Windows the labeler had no opinion on (left out). */
  unlabeled = 0;

  constructor(
    private readonly labeler: Labeler,
    private readonly cols = FEATURE_COUNT,
  ) {
    this.data = new Float64Array(cols * 1024);
  }

  add(s: SampleLike): void {
    const l = this.labeler(s.client, s.start, s.end);
    if (l === null) {
      this.unlabeled++;
      return;
    }
    if (this.rows === this.labels.length) {
      const data = new Float64Array(this.data.length * 2);
      data.set(this.data);
      this.data = data;
      const labels = new Uint8Array(this.labels.length * 2);
      labels.set(this.labels);
      this.labels = labels;
    }
    this.data.set(s.features, this.rows * this.cols);
    this.labels[this.rows] = l.label;
    this.clients.push(s.client);
    this.types.push(l.label ? l.attackType : BENIGN);
    this.rows++;
  }

  build(): Dataset {
    return {
      matrix: { rows: this.rows, cols: this.cols, data: this.data.slice(0, this.rows * this.cols) },
      clients: this.clients,
      labels: this.labels.slice(0, this.rows),
      attackTypes: this.types,
    };
  }
}

/** client -> its attack type: the most frequent type among its positive windows (name breaks ties), else benign. */
export function clientStrata(ds: Dataset): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (let i = 0; i < ds.clients.length; i++) {
    const c = ds.clients[i]!;
    let m = counts.get(c);
    if (!m) counts.set(c, (m = new Map()));
    if (ds.labels[i]) m.set(ds.attackTypes[i]!, (m.get(ds.attackTypes[i]!) ?? 0) + 1);
  }
  const out = new Map<string, string>();
  for (const [client, m] of counts) {
    let best = BENIGN;
    let bestN = 0;
    for (const [type, n] of m) if (n > bestN || (n === bestN && type < best)) [best, bestN] = [type, n];
    out.set(client, best);
  }
  return out;
}

export function subsetByClients(ds: Dataset, keep: ReadonlySet<string>): Dataset {
  const rows: number[] = [];
  for (let i = 0; i < ds.clients.length; i++) if (keep.has(ds.clients[i]!)) rows.push(i);
  const cols = ds.matrix.cols;
  const data = new Float64Array(rows.length * cols);
  rows.forEach((r, k) => data.set(ds.matrix.data.subarray(r * cols, (r + 1) * cols), k * cols));
  return {
    matrix: { rows: rows.length, cols, data },
    clients: rows.map((r) => ds.clients[r]!),
    labels: Uint8Array.from(rows, (r) => ds.labels[r]!),
    attackTypes: rows.map((r) => ds.attackTypes[r]!),
  };
}

export interface SideDescription {
  windows: number;
  attackWindows: number;
  clients: number;
  attackerClients: number;
}

export interface TrainingSetDescription {
  total: SideDescription;
  train: SideDescription;
  test: SideDescription;
  /** Clients and windows per attack type (benign included), over the whole set. */
  byAttackType: Record<string, { clients: number; windows: number }>;
  /** Share of attack windows in the training side (class balance). */
  trainAttackShare: number;
  unlabeledWindows: number;
}

function sideOf(ds: Dataset, strata: ReadonlyMap<string, string>, keep?: ReadonlySet<string>): SideDescription {
  const d: SideDescription = { windows: 0, attackWindows: 0, clients: 0, attackerClients: 0 };
  for (let i = 0; i < ds.clients.length; i++) {
    if (keep && !keep.has(ds.clients[i]!)) continue;
    d.windows++;
    if (ds.labels[i]) d.attackWindows++;
  }
  for (const [client, type] of strata) {
    if (keep && !keep.has(client)) continue;
    d.clients++;
    if (type !== BENIGN) d.attackerClients++;
  }
  return d;
}

export function describeDataset(ds: Dataset, split: ClientSplit, unlabeled: number): TrainingSetDescription {
  const strata = clientStrata(ds);
  const byAttackType: Record<string, { clients: number; windows: number }> = {};
  for (const type of [...new Set(strata.values())].sort()) byAttackType[type] = { clients: 0, windows: 0 };
  for (const type of strata.values()) byAttackType[type]!.clients++;
  for (let i = 0; i < ds.clients.length; i++) byAttackType[strata.get(ds.clients[i]!)!]!.windows++;
  const train = sideOf(ds, strata, split.train);
  return {
    total: sideOf(ds, strata),
    train,
    test: sideOf(ds, strata, split.test),
    byAttackType,
    trainAttackShare: train.windows > 0 ? train.attackWindows / train.windows : 0,
    unlabeledWindows: unlabeled,
  };
}
