import { describe, expect, it } from 'vitest';
import { binMatrix, binOf } from '@core/model/bins';
import { predictMatrix, predictProba, treeCount, treeLeafValue } from '@core/model/forest';
import { TrainingCancelled, trainForest, type TrainProgress } from '@core/model/train';
import { xorData } from './synthetic';

describe('histogram random forest', () => {
  it('learns a known synthetic function', async () => {
    const train = xorData(4000, 8, 1);
    const test = xorData(2000, 8, 2);
    const { forest, importance } = await trainForest(train.m, train.y, { nTrees: 60, seed: 7 });
    const p = predictMatrix(forest, test.m);
    let correct = 0;
    for (let i = 0; i < test.m.rows; i++) if ((p[i]! >= 0.5 ? 1 : 0) === test.y[i]) correct++;
    expect(correct / test.m.rows).toBeGreaterThan(0.93);
    // The three informative features carry most of the impurity decrease.
    expect(importance[0]! + importance[1]! + importance[2]!).toBeGreaterThan(0.7);
    expect([...importance].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });

  it('is deterministic per seed and differs across seeds', async () => {
    const { m, y } = xorData(1500, 6, 3);
    const a = await trainForest(m, y, { nTrees: 20, seed: 11 });
    const b = await trainForest(m, y, { nTrees: 20, seed: 11 });
    const c = await trainForest(m, y, { nTrees: 20, seed: 12 });
    expect(Buffer.from(a.forest.threshold.buffer).equals(Buffer.from(b.forest.threshold.buffer))).toBe(true);
    expect([...a.forest.value]).toEqual([...b.forest.value]);
    expect([...a.forest.feature]).toEqual([...b.forest.feature]);
    expect([...a.forest.value]).not.toEqual([...c.forest.value]);
  });

  it('predictProba is the mean of the trees leaf probabilities', async () => {
    const { m, y } = xorData(800, 5, 4);
    const { forest } = await trainForest(m, y, { nTrees: 15, seed: 5, maxDepth: 4 });
    for (let i = 0; i < 50; i++) {
      const x = m.data.subarray(i * 5, i * 5 + 5);
      // Manual walk of each tree, independent of treeLeafValue.
      let sum = 0;
      for (let t = 0; t < treeCount(forest); t++) {
        const at = forest.offsets[t]!;
        let node = 0;
        while (forest.feature[at + node]! >= 0) {
          const f = forest.feature[at + node]!;
          node = x[f]! <= forest.threshold[at + node]! ? forest.left[at + node]! : forest.right[at + node]!;
        }
        sum += forest.value[at + node]!;
        expect(treeLeafValue(forest, t, x)).toBe(forest.value[at + node]);
      }
      expect(predictProba(forest, x)).toBeCloseTo(sum / treeCount(forest), 12);
    }
  });

  it('respects maxDepth and minSamplesLeaf', async () => {
    const { m, y } = xorData(1000, 5, 6);
    const { forest } = await trainForest(m, y, { nTrees: 5, seed: 1, maxDepth: 3 });
    // A depth-3 binary tree has at most 15 nodes.
    for (let t = 0; t < 5; t++) expect(forest.offsets[t + 1]! - forest.offsets[t]!).toBeLessThanOrEqual(15);
    const stumps = await trainForest(m, y, { nTrees: 3, seed: 1, minSamplesLeaf: 600 });
    for (let t = 0; t < 3; t++) expect(stumps.forest.offsets[t + 1]! - stumps.forest.offsets[t]!).toBe(1);
  });

  it('raw-value thresholds agree with the training bins', () => {
    const { m } = xorData(3000, 3, 8);
    const b = binMatrix(m, 32);
    for (let j = 0; j < 3; j++) {
      expect(b.edges[j]!.length).toBeLessThanOrEqual(31);
      for (let i = 0; i < m.rows; i++) {
        const x = m.data[i * 3 + j]!;
        const bin = b.columns[j]![i]!;
        expect(bin).toBe(binOf(b.edges[j]!, x));
        if (bin < b.edges[j]!.length) expect(x <= b.edges[j]![bin]!).toBe(true);
        if (bin > 0) expect(x > b.edges[j]![bin - 1]!).toBe(true);
      }
    }
  });

  it('reports monotonic progress and can be cancelled in-process', async () => {
    const { m, y } = xorData(500, 4, 9);
    const seen: TrainProgress[] = [];
    await trainForest(m, y, { nTrees: 12 }, { onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.treesDone)).toEqual([...Array(12).keys()].map((k) => k + 1));
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.elapsedMs).toBeGreaterThanOrEqual(seen[i - 1]!.elapsedMs);
    expect(seen.at(-1)!.etaMs).toBe(0);

    const ac = new AbortController();
    const run = trainForest(m, y, { nTrees: 1000 }, {
      signal: ac.signal,
      onProgress: (p) => p.treesDone === 3 && ac.abort(),
    });
    await expect(run).rejects.toBeInstanceOf(TrainingCancelled);
  });
});
