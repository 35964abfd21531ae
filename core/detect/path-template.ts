/**
 * Path templating: `/users/123/orders/9f1c…` → `/users/{id}/orders/{uuid}`.
 *
 * Scan and enumeration rules count ENDPOINTS, not raw URLs, so a client reading fifty different users is one
 * endpoint, not fifty. One implementation: the detector's one-pass scan (path-scan.ts), which also yields
 * the hashes the hot path needs; this is its string form for everyone else (the model, the event store).
 */
import { buildTemplate, PathScan, scanPath } from './path-scan';

export interface Templated {
  template: string;
  /** Raw text of the last placeholder segment ('' when the path has none): the "object id" for enumeration. */
  lastId: string;
}

const scratch = new PathScan();

/** Templates a path and reports the last id-like segment. Pure; callers cache it per raw path. */
export function templatePathWithId(path: string): Templated {
  scanPath(path, scratch);
  const n = scratch.nReps;
  if (n === 0) return { template: path, lastId: '' };
  const r = (n - 1) * 3;
  return { template: buildTemplate(path, scratch), lastId: path.slice(scratch.reps[r]!, scratch.reps[r + 1]!) };
}

/** `/users/123` → `/users/{id}`. */
export function templatePath(path: string): string {
  scanPath(path, scratch);
  return buildTemplate(path, scratch);
}
