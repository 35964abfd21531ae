/**
 * Train/test split by client: all of a client's windows fall on one side, otherwise the test set would
 * grade the model on clients it memorised. Stratified by attack type so every type is tested.
 */
import { Rng } from './rng';

export interface ClientSplit {
  train: Set<string>;
  test: Set<string>;
}

/**
 * strata: client -> attack type ('benign' for clean clients). Within each type, test gets
 * round(n * testFraction) clients, but at least one (and at most n - 1) once a type has two clients.
 */
export function splitByClient(strata: ReadonlyMap<string, string>, testFraction: number, seed: number): ClientSplit {
  if (!(testFraction >= 0 && testFraction < 1)) throw new RangeError('testFraction must be in [0, 1)');
  const byType = new Map<string, string[]>();
  for (const [client, type] of strata) {
    const list = byType.get(type);
    if (list) list.push(client);
    else byType.set(type, [client]);
  }
  const rng = new Rng(seed);
  const train = new Set<string>();
  const test = new Set<string>();
  // Sorted types and clients: the split depends on the seed, never on arrival order.
  for (const type of [...byType.keys()].sort()) {
    const clients = rng.shuffle(byType.get(type)!.sort());
    const n = clients.length;
    let nTest = Math.round(n * testFraction);
    if (testFraction > 0 && n >= 2) nTest = Math.min(n - 1, Math.max(1, nTest));
    clients.forEach((c, i) => (i < nTest ? test : train).add(c));
  }
  return { train, test };
}
