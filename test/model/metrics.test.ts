import { describe, expect, it } from 'vitest';
import {
  averagePrecision,
  binaryReport,
  clientConfusion,
  confusionAt,
  prCurve,
  rankImportances,
  rocAuc,
  scoresOf,
} from '@core/model/metrics';

describe('metrics', () => {
  it('confusion matrix and per-class scores match a hand computation', () => {
    const labels = [1, 1, 1, 0, 0, 0, 0, 1];
    const scores = [0.9, 0.6, 0.2, 0.7, 0.1, 0.3, 0.4, 0.8];
    const c = confusionAt(labels, scores, 0.5);
    expect(c).toEqual({ tp: 3, fn: 1, fp: 1, tn: 3 });
    const r = binaryReport(c);
    expect(r.attack.precision).toBeCloseTo(3 / 4);
    expect(r.attack.recall).toBeCloseTo(3 / 4);
    expect(r.attack.f1).toBeCloseTo(3 / 4);
    expect(r.benign).toEqual({ precision: 3 / 4, recall: 3 / 4, f1: 0.75, support: 4 });
    expect(r.accuracy).toBe(0.75);
    expect(r.macroF1).toBeCloseTo(0.75);
    // tp=2, fp=1, fn=3: p=2/3, r=2/5, f1=2pr/(p+r)=0.5
    expect(scoresOf(2, 1, 3)).toEqual({ precision: 2 / 3, recall: 0.4, f1: expect.closeTo(0.5, 12), support: 5 });
    expect(scoresOf(0, 0, 2)).toEqual({ precision: 0, recall: 0, f1: 0, support: 2 });
  });

  it('ROC-AUC: perfect ranker 1, reversed 0, ties 0.5, one class NaN', () => {
    const labels = [0, 0, 1, 1, 0, 1];
    expect(rocAuc(labels, [0.1, 0.2, 0.8, 0.9, 0.3, 0.7])).toBe(1);
    expect(rocAuc(labels, [0.9, 0.8, 0.2, 0.1, 0.7, 0.3])).toBe(0);
    expect(rocAuc(labels, [0.5, 0.5, 0.5, 0.5, 0.5, 0.5])).toBe(0.5);
    expect(rocAuc([1, 1], [0.2, 0.3])).toBeNaN();
    // One misordered pair of 2x2: pairs (p,n) = 4, correct 3 -> 0.75; a tie in a pair counts half.
    expect(rocAuc([0, 1, 0, 1], [0.1, 0.4, 0.5, 0.9])).toBe(0.75);
    expect(rocAuc([0, 1, 0, 1], [0.1, 0.5, 0.5, 0.9])).toBe(0.875);
  });

  it('precision-recall curve and average precision', () => {
    const labels = [1, 0, 1, 0];
    const scores = [0.9, 0.8, 0.7, 0.1];
    expect(prCurve(labels, scores)).toEqual([
      { threshold: 0.9, precision: 1, recall: 0.5 },
      { threshold: 0.8, precision: 0.5, recall: 0.5 },
      { threshold: 0.7, precision: 2 / 3, recall: 1 },
      { threshold: 0.1, precision: 0.5, recall: 1 },
    ]);
    // scikit-learn: 0.5 * 1 + 0.5 * 2/3
    expect(averagePrecision(labels, scores)).toBeCloseTo(0.5 + 1 / 3, 12);
    const many = prCurve(
      Array.from({ length: 1000 }, (_, i) => i % 2),
      Array.from({ length: 1000 }, (_, i) => i / 1000),
      11,
    );
    expect(many).toHaveLength(11);
    expect(many[0]!.threshold).toBe(0.999);
    expect(many.at(-1)!.threshold).toBe(0);
  });

  it('per-client evaluation: attacker if any window reaches the threshold', () => {
    const w = [
      { client: 'a', label: 1, score: 0.2 },
      { client: 'a', label: 1, score: 0.9 }, // a: caught
      { client: 'b', label: 0, score: 0.6 }, // b: false alarm
      { client: 'c', label: 1, score: 0.4 }, // c: missed
      { client: 'd', label: 0, score: 0.1 },
      { client: 'd', label: 0, score: 0.49 }, // d: clean
    ];
    expect(clientConfusion(w, 0.5)).toEqual({ tp: 1, fp: 1, fn: 1, tn: 1 });
  });

  it('ranks importances, largest first', () => {
    expect(rankImportances(['a', 'b', 'c'], [0.2, 0.5, 0.3]).map((x) => x.feature)).toEqual(['b', 'c', 'a']);
  });
});
