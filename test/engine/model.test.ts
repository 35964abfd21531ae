import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateToFiles } from '../../core/generate/write-files';
import { FEATURE_NAMES } from '../../core/model/features';
import { parseTruthCsv } from '../../core/model/labels';
import type { ModelProgress } from '../../electron/contract/types';
import { InProcessEngineClient } from '../../electron/engine/client';
import { coreDeps } from '../../electron/engine/core-deps';
import { rejection, tempDir } from './helpers';

const DEFAULT_MODEL = resolve(import.meta.dirname, '../../resources/default-model.json');

let tmp: ReturnType<typeof tempDir>;
let client: InProcessEngineClient;
let log: string;
let truthPath: string;
const progress: ModelProgress[] = [];

const start = (dataDir: string) =>
  InProcessEngineClient.start({ dataDir, deps: coreDeps, pushMs: 20, defaultModelPath: DEFAULT_MODEL });

beforeAll(async () => {
  tmp = tempDir();
  log = join(tmp.dir, 'gen.log');
  const s = await generateToFiles({ out: log, lines: 30_000, seed: 5, format: 'combined' });
  truthPath = s.truthOut;
  client = await start(join(tmp.dir, 'data'));
  client.on('model.progress', (p) => progress.push(p));
  await client.request('import.file', { path: log });
}, 60_000);
afterAll(async () => {
  await client.close();
  tmp.cleanup();
});

describe('the engine and its model versions', () => {
  it('seeds the shipped default model as version 1, active, on first start', async () => {
    const list = await client.request('models.list', {});
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ version: 1, active: true, trees: 100 });
    expect(list[0]!.source).toMatch(/shipped default model/);
    expect(list[0]!.summary!.f1).toBeGreaterThan(0.9);
    const detail = await client.request('models.detail', { version: 1 });
    expect(detail.featureNames).toEqual([...FEATURE_NAMES]);
    expect(detail.metrics!.prCurve.length).toBeGreaterThan(2);
    expect(detail.metrics!.windows.confusion.tp).toBeGreaterThan(0);
    expect(detail.trainingSet!.total.windows).toBeGreaterThan(1000);
  });

  it('scores ingested traffic: rule alerts carry the probability and its drivers, the model raises its own', async () => {
    const attackers = new Set(parseTruthCsv(readFileSync(truthPath, 'utf8')).map((r) => r.ip));
    const all = (await client.request('alerts.list', { limit: 1000 })).rows;
    const ruleOnIp = all.filter((a) => a.rule !== 'model' && a.keyKind === 'ip');
    expect(ruleOnIp.length).toBeGreaterThan(0);
    for (const a of ruleOnIp) expect(a.modelScore).toBeGreaterThanOrEqual(0);
    expect(ruleOnIp.filter((a) => a.modelScore >= 0.5 && a.modelFeatures.length > 0).length).toBeGreaterThan(ruleOnIp.length / 2);
    const model = all.filter((a) => a.rule === 'model');
    expect(model.length).toBeGreaterThan(0);
    for (const a of model) {
      expect(a.category).toBe('model');
      expect(a.modelScore).toBeGreaterThanOrEqual(0.5);
      expect(a.modelFeatures.length).toBeGreaterThan(0);
      expect(a.modelFeatures[0]!.contribution).toBeGreaterThan(0);
      // Only where no rule had fired on that client: a rule alert overlapping it was raised after it (a
      // low-and-slow rule trips minutes after the attempts it counts).
      const earlier = ruleOnIp.filter((r) => r.key === a.key && r.firstSeen <= a.lastSeen && r.lastSeen >= a.firstSeen && r.uid < a.uid);
      expect(earlier.map((r) => `${r.rule} ${r.uid} before model ${a.uid}`)).toEqual([]);
    }
    // Model-only alerts name attackers: distributed stuffing IPs the per-client rules do not key on.
    const hits = model.filter((a) => attackers.has(a.key)).length;
    expect(hits / model.length).toBeGreaterThan(0.9);
  });

  it('scores a hand-entered sample (the prototype /detect) and refuses unknown or missing features', async () => {
    const { version, names } = await client.request('model.features', {});
    expect(version).toBe(1);
    expect(names).toEqual([...FEATURE_NAMES]);
    const quiet = Object.fromEntries(names.map((n) => [n, 0]));
    Object.assign(quiet, { requests: 2, ratio2xx: 1, ratioGet: 1, distinctPaths: 2, distinctTemplates: 2, clientPriorRequests: 50 });
    const r = await client.request('model.score', { features: quiet });
    expect(r.version).toBe(1);
    expect(r.probability).toBeGreaterThanOrEqual(0);
    expect(r.probability).toBeLessThanOrEqual(1);
    expect(r.ladder.map((x) => x.action)).toEqual(['block-and-revoke', 'throttle-and-step-up', 'rate-limit-and-monitor']);
    const scan = { ...quiet, requests: 80, ratio4xx: 1, ratio404: 1, distinctPaths: 80, distinctTemplates: 80, distinctPathRatio: 1,
      ratioScannerUserAgent: 1, ratio2xx: 0, interArrivalMeanMs: 100, interArrivalMinMs: 20, clientPriorRequests: 0, ratioNoReferer: 1 };
    const s = await client.request('model.score', { features: scan });
    expect(s.probability).toBeGreaterThan(0.9);
    expect(s.action).toBe(s.probability >= 0.95 ? 'block-and-revoke' : 'throttle-and-step-up');
    expect(s.attack).toBe(true);
    expect(s.drivers.length).toBeGreaterThan(0);
    const unknown = await rejection(client.request('model.score', { features: { ...quiet, riskScore: 1 } }));
    expect(unknown.code).toBe('bad-request');
    expect(unknown.message).toMatch(/unknown feature\(s\) riskScore/);
    const { requests: _r, ...partial } = quiet;
    const missing = await rejection(client.request('model.score', { features: partial }));
    expect(missing.code).toBe('bad-request');
    expect(missing.message).toMatch(/missing feature\(s\) requests/);
  });

  it('trains a new version from stored events and a truth file, with progress; stores it inactive', async () => {
    progress.length = 0;
    const v = await client.request('models.train', { labels: { truthPath }, trees: 8, note: 'test run' });
    expect(v).toMatchObject({ version: 2, active: false, trees: 8 });
    expect(v.source).toMatch(/stored events, labelled by ground truth .*test run/);
    expect(v.summary!.clientRecall).toBeGreaterThan(0.5);
    const d = await client.request('models.detail', { version: 2 });
    expect(d.metrics!.featureImportance).toHaveLength(FEATURE_NAMES.length);
    expect(d.trainingSet!.total.attackerClients).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 60));
    expect(progress.some((p) => p.phase === 'training' && p.treesDone > 0 && p.treesTotal === 8)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ phase: 'done', version: 2 });
    expect((await client.request('model.features', {})).version).toBe(1);
  });

  it('activates a version and rolls back', async () => {
    expect((await client.request('models.activate', { version: 2 })).active).toBe(true);
    expect((await client.request('models.list', {})).map((m) => [m.version, m.active])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect((await client.request('model.features', {})).version).toBe(2);
    await client.request('models.activate', { version: 1 });
    expect((await client.request('model.features', {})).version).toBe(1);
  });

  it('labels from analyst verdicts only (true-positive vs false-positive / benign), never from rule output', async () => {
    const err = await rejection(client.request('models.train', { labels: 'verdicts', trees: 4 }));
    expect(err.code).toBe('bad-request');
    expect(err.message).toMatch(/0 true-positive and 0 false-positive\/benign/);
    const attackers = new Set(parseTruthCsv(readFileSync(truthPath, 'utf8')).map((r) => r.ip));
    const rows = (await client.request('alerts.list', { limit: 1000 })).rows.filter((a) => a.keyKind === 'ip');
    const tp = rows.filter((a) => attackers.has(a.key)).slice(0, 6);
    for (const a of tp) await client.request('alerts.setStatus', { uid: a.uid, status: 'true-positive', who: 'ana' });
    const v = await client.request('models.train', { labels: 'verdicts', unlabeled: 'benign', trees: 4, testFraction: 0 });
    expect(v.version).toBe(3);
    expect(v.source).toMatch(/analyst verdicts \(6 true-positive, 0 false-positive\/benign alerts; other windows taken as benign\)/);
  });

  it('cancels a running training job', async () => {
    progress.length = 0;
    const job = client.request('models.train', { labels: { truthPath }, trees: 400 });
    while (!progress.some((p) => p.phase === 'training')) await new Promise((r) => setTimeout(r, 5));
    expect((await rejection(client.request('models.train', { labels: { truthPath } }))).code).toBe('conflict');
    expect(await client.request('models.cancel', {})).toEqual({ cancelled: true });
    expect((await rejection(job)).code).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 60));
    expect(progress.at(-1)!.phase).toBe('cancelled');
    expect((await client.request('models.list', {})).map((m) => m.version)).toEqual([3, 2, 1]);
  });

  it('keeps the versions and the active one across a restart, without seeding again', async () => {
    await client.request('models.activate', { version: 2 });
    await client.close();
    client = await start(join(tmp.dir, 'data'));
    const list = await client.request('models.list', {});
    expect(list.map((m) => [m.version, m.active])).toEqual([
      [3, false],
      [2, true],
      [1, false],
    ]);
    expect((await client.request('model.features', {})).version).toBe(2);
  });
});
