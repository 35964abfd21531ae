import { describe, expect, it } from 'vitest';
import { clientStrata, DatasetBuilder, subsetByClients } from '@core/model/dataset';
import { splitByClient } from '@core/model/split';
import { parseTruthCsv, truthLabeler, verdictLabeler, combineLabelers } from '@core/model/labels';
import { FEATURE_NAMES } from '@core/model/features';

function strata(): Map<string, string> {
  const m = new Map<string, string>();
  for (let i = 0; i < 200; i++) m.set(`10.0.${i >> 8}.${i & 255}`, 'benign');
  for (let i = 0; i < 20; i++) m.set(`6.6.6.${i}`, 'sqli');
  for (let i = 0; i < 8; i++) m.set(`7.7.7.${i}`, 'scan');
  m.set('9.9.9.9', 'lonely');
  return m;
}

describe('split by client', () => {
  it('never puts a client on both sides and keeps attack types stratified', () => {
    const s = strata();
    const { train, test } = splitByClient(s, 0.25, 42);
    for (const c of test) expect(train.has(c)).toBe(false);
    expect(train.size + test.size).toBe(s.size);
    const count = (side: Set<string>, type: string) => [...side].filter((c) => s.get(c) === type).length;
    expect(count(test, 'benign')).toBe(50);
    expect(count(test, 'sqli')).toBe(5);
    expect(count(test, 'scan')).toBe(2);
    expect(count(train, 'lonely')).toBe(1);
  });

  it('is seeded: same seed same split, independent of insertion order', () => {
    const s = strata();
    const reversed = new Map([...s].reverse());
    const a = splitByClient(s, 0.3, 7);
    const b = splitByClient(reversed, 0.3, 7);
    const c = splitByClient(s, 0.3, 8);
    expect([...a.test].sort()).toEqual([...b.test].sort());
    expect([...a.test].sort()).not.toEqual([...c.test].sort());
  });

  it('windows of one client stay together when the dataset is split', () => {
    const truth = parseTruthCsv(
      'ip,attack_type,first_seen,last_seen,requests\n6.6.6.1,sqli,2024-01-01T00:00:00Z,2024-01-01T00:01:00Z,50\n',
    );
    const b = new DatasetBuilder(truthLabeler(truth));
    const t0 = Date.parse('2024-01-01T00:00:00Z');
    const f = new Float64Array(FEATURE_NAMES.length);
    for (let k = 0; k < 30; k++) {
      for (const client of ['6.6.6.1', '1.1.1.1', '2.2.2.2', '3.3.3.3']) {
        b.add({ client, start: t0 + k * 10_000, end: t0 + k * 10_000 + 9_000, features: f });
      }
    }
    const ds = b.build();
    expect(clientStrata(ds).get('6.6.6.1')).toBe('sqli');
    // 7 windows overlap the attack minute (start <= 60 s), the rest of that client's windows are benign.
    expect(ds.labels.reduce((a, v) => a + v, 0)).toBe(7);
    const { train, test } = splitByClient(clientStrata(ds), 0.5, 1);
    const tr = subsetByClients(ds, train);
    const te = subsetByClients(ds, test);
    expect(tr.matrix.rows + te.matrix.rows).toBe(ds.matrix.rows);
    for (const c of te.clients) expect(tr.clients.includes(c)).toBe(false);
  });
});

describe('labels', () => {
  it('truth labels overlap the attack interval only', () => {
    const [r] = parseTruthCsv('1.2.3.4,scan,1000,2000,5');
    expect(r).toEqual({ ip: '1.2.3.4', attackType: 'scan', firstSeen: 1000, lastSeen: 2000, requests: 5 });
    const l = truthLabeler([r!]);
    expect(l('1.2.3.4', 1500, 1600)).toEqual({ label: 1, attackType: 'scan' });
    expect(l('1.2.3.4', 2000, 3000)?.label).toBe(1);
    expect(l('1.2.3.4', 2001, 3000)?.label).toBe(0);
    expect(l('5.5.5.5', 1500, 1600)?.label).toBe(0);
    expect(() => parseTruthCsv('1.2.3.4,scan,yesterday,today,5')).toThrow(/bad time/);
  });

  it('analyst verdicts label their interval; the latest verdict wins; unlabeled windows are skipped', () => {
    const v = verdictLabeler([
      { key: '1.1.1.1', firstSeen: 0, lastSeen: 100, verdict: 'true-positive', attackType: 'brute-force' },
      { key: '1.1.1.1', firstSeen: 50, lastSeen: 100, verdict: 'false-positive' },
      { key: '2.2.2.2', firstSeen: '1970-01-01T00:00:00.000Z', lastSeen: 100, verdict: 'benign' },
    ]);
    expect(v('1.1.1.1', 0, 10)).toEqual({ label: 1, attackType: 'brute-force' });
    expect(v('1.1.1.1', 60, 70)?.label).toBe(0);
    expect(v('2.2.2.2', 0, 10)?.label).toBe(0);
    expect(v('3.3.3.3', 0, 10)).toBeNull();
    const both = combineLabelers(v, truthLabeler([{ ip: '3.3.3.3', attackType: 'scan', firstSeen: 0, lastSeen: 9, requests: 1 }]));
    expect(both('3.3.3.3', 0, 10)?.label).toBe(1);
  });

  it('features are traffic facts only: no rule output or risk score among them', () => {
    for (const name of FEATURE_NAMES) expect(name).not.toMatch(/risk|rule|alert|score|severity|verdict|label/i);
    expect(new Set(FEATURE_NAMES).size).toBe(FEATURE_NAMES.length);
  });
});
