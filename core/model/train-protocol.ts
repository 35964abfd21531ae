/**
 * Messages between the trainer and its worker threads, and the worker's side of the work. Kept apart from
 * train-worker.ts (the bundled entry) so the same code runs in-process in tests.
 */
import type { BinnedMatrix } from './bins';
import { growTree, type Tree } from './tree';
import { deriveSeed } from './rng';
import { treeOptions, type ForestOptions } from './forest';

export interface GrowRequest {
  type: 'grow';
  rows: number;
  cols: number;
  columns: Uint8Array[];
  edges: Float64Array[];
  labels: Uint8Array;
  options: ForestOptions;
  /**
   * Int32 counter shared by all workers: each claims the next tree index with Atomics.add, so the load
   * balances itself and tree i is still grown from deriveSeed(seed, i).
   */
  next: SharedArrayBuffer;
}

export type WorkerReply =
  | { type: 'tree'; index: number; tree: Tree; importance: Float64Array }
  | { type: 'done' }
  | { type: 'error'; message: string };

export function handleGrowRequest(
  req: GrowRequest,
  post: (reply: WorkerReply, transfer: ArrayBuffer[]) => void,
): void {
  try {
    const binned: BinnedMatrix = { rows: req.rows, cols: req.cols, columns: req.columns, edges: req.edges };
    const data = { binned, labels: req.labels };
    const topts = treeOptions(req.options, req.cols);
    const counter = new Int32Array(req.next);
    for (;;) {
      const index = Atomics.add(counter, 0, 1);
      if (index >= req.options.nTrees) break;
      const { tree, importance } = growTree(data, topts, deriveSeed(req.options.seed, index));
      const transfer = [
        tree.feature.buffer,
        tree.threshold.buffer,
        tree.left.buffer,
        tree.right.buffer,
        tree.value.buffer,
        importance.buffer,
      ] as ArrayBuffer[];
      post({ type: 'tree', index, tree, importance }, transfer);
    }
    post({ type: 'done' }, []);
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) }, []);
  }
}
