/** Synthetic data with a known rule, for forest tests. */
import type { FeatureMatrix } from '@core/model/bins';
import { Rng } from '@core/model/rng';

/** label = (x0 + x1 > 1) XOR (x2 > 0.7); x3.. are noise. */
export function xorData(rows: number, cols: number, seed: number): { m: FeatureMatrix; y: Uint8Array } {
  const rng = new Rng(seed);
  const data = new Float64Array(rows * cols);
  const y = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) data[i * cols + j] = rng.next();
    const a = data[i * cols]! + data[i * cols + 1]! > 1;
    const b = data[i * cols + 2]! > 0.7;
    y[i] = a !== b ? 1 : 0;
  }
  return { m: { rows, cols, data }, y };
}
