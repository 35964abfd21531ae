import { describe, expect, it } from 'vitest';
import { predictMatrix } from '@core/model/forest';
import { MODEL_FORMAT, ModelFormatError, parseModel, serializeModel, type ForestModel } from '@core/model/model-file';
import { actionFor, scoreSample, UnknownFeatureError, WindowScorer } from '@core/model/scoring';
import { trainForest } from '@core/model/train';
import { FEATURE_NAMES } from '@core/model/features';
import { makeEvent } from '@core/events/event';
import { xorData } from './synthetic';

async function smallModel(cols = 6): Promise<ForestModel> {
  const { m, y } = xorData(1500, cols, 31);
  const { forest, options } = await trainForest(m, y, { nTrees: 25, seed: 3 });
  return {
    format: MODEL_FORMAT,
    version: 1,
    featureNames: Array.from({ length: cols }, (_, j) => `f${j}`),
    threshold: 0.5,
    windowMs: 10_000,
    options,
    forest,
    metrics: null,
    trainingSet: null,
  };
}

describe('model file', () => {
  it('round-trips to identical probabilities and identical bytes', async () => {
    const model = await smallModel();
    const text = serializeModel(model);
    const loaded = parseModel(text);
    const { m } = xorData(500, 6, 32);
    expect([...predictMatrix(loaded.forest, m)]).toEqual([...predictMatrix(model.forest, m)]);
    expect(serializeModel(loaded)).toBe(text);
    expect(text).not.toMatch(/trainedAt/);
    expect(serializeModel({ ...model, trainedAt: '2024-01-01T00:00:00Z' })).toMatch(/"trainedAt":"2024-01-01T00:00:00Z"/);
  });

  it('rejects other formats, versions and corrupt trees', async () => {
    const json = JSON.parse(serializeModel(await smallModel()));
    expect(() => parseModel('{')).toThrow(ModelFormatError);
    expect(() => parseModel(JSON.stringify({ ...json, format: 'x' }))).toThrow(/not an api-shield-forest/);
    expect(() => parseModel(JSON.stringify({ ...json, version: 2 }))).toThrow(/version 2/);
    const left = Buffer.from(json.trees.left, 'base64');
    left.writeInt32LE(0, 0); // root pointing at itself: a cycle
    expect(() => parseModel(JSON.stringify({ ...json, trees: { ...json.trees, left: left.toString('base64') } }))).toThrow(
      /bad node/,
    );
    expect(() => parseModel(JSON.stringify({ ...json, trees: { ...json.trees, value: 'AAAA' } }))).toThrow(/wrong length/);
  });
});

describe('scoring', () => {
  it('action ladder', () => {
    expect(actionFor(0.95)).toBe('block-and-revoke');
    expect(actionFor(0.9)).toBe('throttle-and-step-up');
    expect(actionFor(0.85)).toBe('throttle-and-step-up');
    expect(actionFor(0.7)).toBe('rate-limit-and-monitor');
    expect(actionFor(0.6999)).toBe('allow');
  });

  it('scoreSample scores by feature name and lists what is missing', async () => {
    const model = await smallModel();
    const x = [0.9, 0.8, 0.1, 0.5, 0.5, 0.5];
    const full = scoreSample(model, Object.fromEntries(x.map((v, j) => [`f${j}`, v])));
    const direct = predictMatrix(model.forest, { rows: 1, cols: 6, data: Float64Array.from(x) })[0]!;
    expect(full.probability).toBe(direct);
    expect(full.action).toBe(actionFor(direct));
    expect(full.missing).toEqual([]);
    expect(scoreSample(model, { f0: 0.9 }).missing).toEqual(['f1', 'f2', 'f3', 'f4', 'f5']);
    expect(() => scoreSample(model, { risk: 1 })).toThrow(UnknownFeatureError);
  });

  it('WindowScorer maps the extractor columns onto a model saved in another order', async () => {
    const names = [...FEATURE_NAMES];
    const reversed = [...names].reverse();
    const base = await smallModel(names.length);
    const forward: ForestModel = { ...base, featureNames: names };
    // The same trees with features renumbered: both models must agree on every window.
    const f = base.forest;
    const renumbered = { ...f, feature: Int16Array.from(f.feature, (j) => (j < 0 ? j : names.length - 1 - j)) };
    const backward: ForestModel = { ...base, featureNames: reversed, forest: renumbered };
    const a: number[] = [];
    const b: number[] = [];
    const sa = new WindowScorer(forward, (s) => a.push(s.probability));
    const sb = new WindowScorer(backward, (s) => b.push(s.probability));
    for (let k = 0; k < 300; k++) {
      const e = makeEvent({ time: k * 700, client: `c${k % 7}`, path: `/p/${k % 13}`, status: k % 5 ? 200 : 404, bytes: k });
      sa.push(e);
      sb.push(e);
    }
    sa.flush();
    sb.flush();
    expect(a.length).toBeGreaterThan(20);
    expect(b).toEqual(a);
    expect(() => new WindowScorer({ ...base, featureNames: ['nope', ...names.slice(1)] }, () => {})).toThrow(UnknownFeatureError);
  });

  it('minRequests skips sparse windows', async () => {
    const model = { ...(await smallModel(FEATURE_NAMES.length)), featureNames: [...FEATURE_NAMES] };
    const sizes: number[] = [];
    const s = new WindowScorer(model, (w) => sizes.push(w.requests), { minRequests: 3 });
    for (let k = 0; k < 5; k++) s.push(makeEvent({ time: k * 100, client: 'busy', path: '/a' }));
    s.push(makeEvent({ time: 600, client: 'quiet', path: '/a' }));
    s.flush();
    expect(sizes).toEqual([5]);
    expect(s.windowsScored).toBe(1);
  });

  it('peek scores an open window the way its close will', async () => {
    const model = { ...(await smallModel(FEATURE_NAMES.length)), featureNames: [...FEATURE_NAMES] };
    const closed = new Map<string, number>();
    const s = new WindowScorer(model, (w) => closed.set(w.client, w.probability));
    for (let k = 0; k < 5; k++) s.push(makeEvent({ time: k * 100, client: 'a', path: `/x/${k}`, status: 404 }));
    expect(s.peek('nobody')).toBe(-1);
    const early = s.peek('a');
    expect(early).toBeGreaterThanOrEqual(0);
    s.flush();
    expect(closed.get('a')).toBe(early);
    expect(s.peek('a')).toBe(-1);
  });
});
