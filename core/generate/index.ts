/**
 * `api-shield generate`: seeded, streaming synthetic API traffic with labelled attacks, written as nginx
 * combined, WSO2 gateway access or WSO2 analytics (apim_metrics) logs, plus a ground-truth CSV.
 * This module does no I/O; `./write-files` streams to disk.
 *
 * - Same options (seed included) → byte-identical output. Memory is O(clients), not O(lines).
 * - Benign clients are guaranteed (not just likely) to stay under the detector's default thresholds
 *   (see benign/guard.ts); every attack episode comes from addresses no benign client uses.
 * - The truth file lists, per attacker IP and episode, the requests the chosen format shows WITH that IP.
 *   What each format can show:
 *     combined      every request (one line each);
 *     wso2-access   every request (request + response line, plus the backend leg when the backend is called);
 *                   with an odd line count the last line is a request still in flight (never answered);
 *     wso2-metrics  only calls the gateway matched to an API: apim:response (with userIp) or apim:faulty
 *                   (auth failures; no client IP, as in API-M 4.2+). Unmatched paths (most scans and probes)
 *                   are not logged, and paths appear only as resource templates, so content probing is
 *                   listed in the truth file but cannot be told apart by content.
 */
import { TrafficGenerator } from './engine';
import type { GenerateOptions, GenerateSummary } from './types';

export { TrafficGenerator, DEFAULT_START, normalizeStart } from './engine';
export { defaultAttackMix, parseAttackMix, LINES_PER_EPISODE } from './attacks/plan';
export { defaultClients } from './population';
export { truthCsv, truthCsvLine, parseTruthCsv, TRUTH_HEADER } from './truth';
export { Rng } from './prng';
export {
  ATTACK_TYPES,
  GENERATE_FORMATS,
  type AttackMix,
  type AttackType,
  type GenerateFormat,
  type GenerateOptions,
  type GenerateSummary,
  type TruthRow,
} from './types';

/** Generates the whole log through `onLine` (one call per line, no newline), in time order. Pure: no I/O. */
export function generateTraffic(options: GenerateOptions, onLine: (line: string) => void): GenerateSummary {
  const gen = new TrafficGenerator(options);
  gen.step(options.lines, onLine);
  return gen.summary();
}
