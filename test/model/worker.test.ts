import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrainingCancelled, trainForest, type TrainProgress } from '@core/model/train';
import { buildTrainWorker, removeTrainWorker } from './build-worker';
import { xorData } from './synthetic';

let workerPath = '';

beforeAll(async () => {
  workerPath = await buildTrainWorker();
});
afterAll(() => removeTrainWorker(workerPath));

function sameForest(a: Awaited<ReturnType<typeof trainForest>>, b: Awaited<ReturnType<typeof trainForest>>): void {
  expect([...a.forest.offsets]).toEqual([...b.forest.offsets]);
  expect([...a.forest.feature]).toEqual([...b.forest.feature]);
  expect([...a.forest.threshold]).toEqual([...b.forest.threshold]);
  expect([...a.forest.value]).toEqual([...b.forest.value]);
  expect([...a.importance]).toEqual([...b.importance]);
}

describe('training in worker threads (bundled train-worker)', () => {
  it('gives the same forest as in-process training, for one and two workers', async () => {
    const { m, y } = xorData(3000, 6, 21);
    const opts = { nTrees: 24, seed: 99 };
    const local = await trainForest(m, y, opts);
    const progress: TrainProgress[] = [];
    const two = await trainForest(m, y, opts, {
      createWorker: () => new Worker(workerPath),
      workers: 2,
      onProgress: (p) => progress.push(p),
    });
    const one = await trainForest(m, y, opts, { createWorker: () => new Worker(workerPath), workers: 1 });
    sameForest(local, two);
    sameForest(local, one);
    expect(progress.map((p) => p.treesDone)).toEqual([...Array(24).keys()].map((k) => k + 1));
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]!.elapsedMs).toBeGreaterThanOrEqual(progress[i - 1]!.elapsedMs);
    }
  });

  it('cancellation stops the workers', async () => {
    const { m, y } = xorData(20_000, 10, 22);
    const ac = new AbortController();
    const exits: Promise<number>[] = [];
    let last = 0;
    const run = trainForest(m, y, { nTrees: 5000 }, {
      signal: ac.signal,
      createWorker: () => {
        const w = new Worker(workerPath);
        exits.push(new Promise((resolve) => w.once('exit', resolve)));
        return w;
      },
      onProgress: (p) => {
        last = p.treesDone;
        if (p.treesDone === 2) ac.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(TrainingCancelled);
    expect(exits).toHaveLength(2);
    await Promise.all(exits); // both threads really ended
    expect(last).toBeLessThan(50);
  });

  it('a worker error rejects the run', async () => {
    const { m, y } = xorData(100, 3, 23);
    const bad = () => new Worker('throw new Error("boom")', { eval: true });
    await expect(trainForest(m, y, { nTrees: 3 }, { createWorker: bad })).rejects.toThrow(/boom/);
  });
});
