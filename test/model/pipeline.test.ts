import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTraffic, truthCsv, type GenerateSummary } from '@core/generate/index';
import { evaluate } from '@core/model/evaluate-model';
import { parseModel, serializeModel } from '@core/model/model-file';
import { trainModel, type TrainModelProgress } from '@core/model/train-model';
import { scoreSample } from '@core/model/scoring';
import { FEATURE_NAMES } from '@core/model/features';
import { makeEvent } from '@core/events/event';
import { createParser, type ParseSink } from '@core/parse/index';
import { buildTrainWorker, removeTrainWorker } from './build-worker';

let dir = '';
let logPath = '';
let truthPath = '';
let summary: GenerateSummary;
let logLines: string[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'api-shield-model-'));
  logPath = join(dir, 'access.log');
  truthPath = join(dir, 'truth.csv');
  const lines: string[] = [];
  summary = generateTraffic({ lines: 60_000, seed: 11, format: 'combined' }, (l) => lines.push(l));
  writeFileSync(logPath, lines.join('\n') + '\n');
  logLines = lines;
  writeFileSync(truthPath, truthCsv(summary.truth));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('trainModel and evaluate on a generated log with ground truth', () => {
  it('trains, reports held-out metrics, and is reproducible byte for byte', async () => {
    const progress: TrainModelProgress[] = [];
    const opts = { nTrees: 30, seed: 5 };
    const { model, report } = await trainModel({ logPath, truthPath, options: opts, onProgress: (p) => progress.push(p) });
    expect(report.events).toBe(60_000);
    expect(report.windows).toBeGreaterThan(1000);
    const m = model.metrics!;
    expect(m.evaluatedOn).toBe('test');
    expect(m.rocAuc!).toBeGreaterThan(0.95);
    expect(m.windows.attack.f1).toBeGreaterThan(0.8);
    expect(m.clients.confusion.tp + m.clients.confusion.fn).toBeGreaterThan(0);
    expect(m.featureImportance).toHaveLength(FEATURE_NAMES.length);
    const ts = model.trainingSet!;
    expect(ts.train.clients + ts.test.clients).toBe(ts.total.clients);
    expect(ts.train.windows + ts.test.windows).toBe(ts.total.windows);
    expect(Object.keys(ts.byAttackType)).toContain('benign');
    expect(Object.keys(ts.byAttackType).length).toBeGreaterThan(3);
    const training = progress.filter((p) => p.phase === 'training');
    expect(training.map((p) => p.treesDone)).toEqual([...Array(30).keys()].map((k) => k + 1));

    const again = await trainModel({ logPath, truthPath, options: opts });
    expect(serializeModel(again.model)).toBe(serializeModel(model));
    const text = serializeModel(model);
    expect(text).not.toMatch(/trainedAt/);
    expect(serializeModel(parseModel(text))).toBe(text);
  });

  it('gives the same model when trained in two worker threads', async () => {
    const workerPath = await buildTrainWorker();
    const opts = { nTrees: 12, seed: 8 };
    const local = await trainModel({ logPath, truthPath, options: opts });
    const threaded = await trainModel({
      logPath,
      truthPath,
      options: opts,
      createWorker: () => new Worker(workerPath),
      workers: 2,
    });
    removeTrainWorker(workerPath);
    expect(serializeModel(threaded.model)).toBe(serializeModel(local.model));
  });

  it('evaluates rules, model and both per attack type', async () => {
    const { model } = await trainModel({ logPath, truthPath, options: { nTrees: 20, seed: 2 } });
    const r = await evaluate({ logPath, truthPath, model });
    expect(r.events).toBe(60_000);
    expect(r.attackers).toBe(new Set(summary.truth.map((t) => t.ip)).size);
    expect(r.overall.rules).not.toBeNull();
    expect(r.overall.model.tp + r.overall.model.fn).toBe(r.attackers);
    // Either detector alone can only miss what the combination misses too.
    expect(r.overall.combined!.recall).toBeGreaterThanOrEqual(Math.max(r.overall.rules!.recall, r.overall.model.recall));
    expect(Object.keys(r.byAttackType).sort()).toEqual([...new Set(summary.truth.map((t) => t.attackType))].sort());
    const modelOnly = await evaluate({ logPath, truthPath, model, rulesConfig: null });
    expect(modelOnly.overall.rules).toBeNull();
    expect(modelOnly.overall.model).toEqual(r.overall.model);
    // Alerts handed in instead of running the rules.
    const viaAlerts = await evaluate({
      logPath,
      truthPath,
      model,
      alertsFromRules: [
        {
          id: 'x', key: summary.truth[0]!.ip, keyKind: 'ip', rule: 'burst', category: 'burst', severity: 'high', risk: 80,
          action: 'rate-limit-and-monitor', count: 1, firstSeen: 0, lastSeen: 0, reason: '', evidence: [], modelScore: -1,
        },
      ],
    });
    expect(viaAlerts.overall.rules!.tp).toBe(1);
    expect(viaAlerts.overall.rules!.fp).toBe(0);
    // An alert keyed on a user names its client through an evidence line.
    const attacker = summary.truth.at(-1)!.ip;
    let line = 0;
    const parser = createParser('combined');
    const sink: ParseSink = { event: (e) => void (line ||= e.client === attacker ? e.line : 0), error() {}, ignored() {} };
    logLines.forEach((l, i) => parser.line(l, i + 1, 0, sink));
    expect(line).toBeGreaterThan(0);
    const viaEvidence = await evaluate({
      logPath,
      truthPath,
      model,
      alertsFromRules: [
        {
          id: 'y', key: 'alice', keyKind: 'user', rule: 'auth-abuse', category: 'auth', severity: 'high', risk: 80,
          action: 'rate-limit-and-monitor', count: 1, firstSeen: 0, lastSeen: 0, reason: '',
          evidence: [{ source: 0, line, offset: 0 }], modelScore: -1,
        },
      ],
    });
    expect(viaEvidence.overall.rules!.tp).toBe(1);
  });

  it('retrains from analyst verdicts alone', async () => {
    const t0 = Date.parse('2024-01-01T00:00:00Z');
    const events = [];
    for (let s = 0; s < 600; s++) {
      for (let k = 0; k < 6; k++) {
        events.push(makeEvent({ time: t0 + s * 1000, client: `10.0.0.${k}`, method: 'GET', path: '/api/items', status: 200, bytes: 500 }));
      }
      for (let k = 0; k < 4; k++) {
        events.push(makeEvent({ time: t0 + s * 1000 + 10, client: `6.6.6.${k}`, method: 'POST', path: '/login', status: 401, bytes: 20 }));
        events.push(makeEvent({ time: t0 + s * 1000 + 20, client: `6.6.6.${k}`, method: 'POST', path: '/login', status: 401, bytes: 20 }));
      }
    }
    const verdicts = [
      ...[0, 1, 2, 3].map((k) => ({ key: `6.6.6.${k}`, firstSeen: t0, lastSeen: t0 + 600_000, verdict: 'true-positive' as const })),
      ...[0, 1, 2, 3, 4, 5].map((k) => ({ key: `10.0.0.${k}`, firstSeen: t0, lastSeen: t0 + 600_000, verdict: 'benign' as const })),
    ];
    const { model, report } = await trainModel({ events, verdicts, options: { nTrees: 10, testFraction: 0.3 } });
    expect(report.trainingSet.test.attackerClients).toBeGreaterThan(0);
    expect(model.metrics!.clients.attack.recall).toBe(1);
    // A window like the attackers': two failed logins a second for a while, four clients failing on /login.
    const hand = scoreSample(model, {
      requests: 20, activeSeconds: 9, ratio4xx: 1, ratio401: 1, ratioPost: 1, bytesMean: 20, bytesMax: 20,
      interArrivalMeanMs: 500, interArrivalMinMs: 10, endpointFailingClients: 4, clientPriorRequests: 600,
      distinctPaths: 1, distinctTemplates: 1, distinctPathRatio: 0.05, distinctMethods: 1, meanUrlLength: 6,
    });
    expect(hand.drivers.length).toBeGreaterThan(0);
    expect(hand.probability).toBeGreaterThan(0.7);
    await expect(trainModel({ events, options: { nTrees: 2 } })).rejects.toThrow(/no labels/);
  });
});

describe('default model recipe', () => {
  it('rebuilds byte for byte, with parts laid end to end in time', async () => {
    const { DEFAULT_MODEL_RECIPE, trainDefaultModel, generatedEvents } = await import('@core/model/default-model');
    const recipe = {
      ...DEFAULT_MODEL_RECIPE,
      parts: DEFAULT_MODEL_RECIPE.parts.map((p) => ({ ...p, lines: 15_000 })),
      options: { ...DEFAULT_MODEL_RECIPE.options, nTrees: 8 },
    };
    const a = await trainDefaultModel(recipe);
    const b = await trainDefaultModel(recipe);
    expect(serializeModel(b.model)).toBe(serializeModel(a.model));
    expect(a.report.events).toBeGreaterThan(30_000);
    expect(Object.keys(a.model.trainingSet!.byAttackType).length).toBeGreaterThan(3);
    // Sources follow each other: the last event of a part precedes the first of the next.
    const lastOf = new Map<number, number>();
    const firstOf = new Map<number, number>();
    for (const e of generatedEvents(recipe.parts, [0, 1e11, 2e11].map((d) => recipe.start + d))) {
      if (!firstOf.has(e.source)) firstOf.set(e.source, e.time);
      lastOf.set(e.source, e.time);
    }
    expect(firstOf.size).toBe(3);
    expect(lastOf.get(0)!).toBeLessThan(firstOf.get(1)!);
  });
});
