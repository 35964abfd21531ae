/**
 * The detector alone, on a synthetic realistic mix (detect-mix.ts) in batches of 2,000 events with fresh
 * strings (as a parser hands them out) that die young, as in the real pipeline; only Detector.push is
 * measured, in process CPU time. Also: every rule off (the floor: key and path lookups).
 */
import { defaultConfig, type DetectionConfig } from '@core/detect/config';
import { Detector } from '@core/detect/detector';
import { Rng } from '@core/generate/prng';
import { generate } from './detect-mix';

function measure(cfg: DetectionConfig, total: number): number {
  const rng = new Rng(42);
  const rnd = () => rng.float();
  const d = new Detector(cfg, { alert: () => {} });
  let t = Date.UTC(2024, 4, 1);
  let cpuMicros = 0;
  let timed = 0;
  for (let done = 0; done < total; done += 2000) {
    const mix = generate(2000, t, rnd, done);
    t = mix.nextTime;
    const evs = mix.events;
    const start = process.cpuUsage();
    for (let i = 0; i < evs.length; i++) d.push(evs[i]!);
    const used = process.cpuUsage(start);
    if (done >= total / 5) {
      cpuMicros += used.user + used.system; // the first fifth warms up the JIT
      timed += evs.length;
    }
  }
  d.finish();
  return timed / (cpuMicros / 1e6);
}

/** Events per CPU second with every rule on, and with every rule off. */
export function detectorRates(total: number): { all: number; none: number } {
  const all = measure(defaultConfig(), total);
  const off = defaultConfig();
  for (const r of Object.values(off.rules)) r.enabled = false;
  off.identityKeys.application = false;
  off.identityKeys.user = false;
  return { all, none: measure(off, total) };
}
