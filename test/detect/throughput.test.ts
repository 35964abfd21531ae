/**
 * Detector throughput on a realistic mix (throughput-mix.ts). Opt-in, because timings on a shared CI box
 * mean nothing:  DETECT_THROUGHPUT=1 npx vitest run test/detect/throughput.test.ts
 *
 * Events are generated in batches of 2,000 with fresh strings (as a parser hands them out) and die young, as
 * in the real pipeline; only Detector.push is measured, in process CPU time so that other load on the
 * machine does not count. Printed next to it: the same mix with every rule off (the floor: key and path
 * lookups) and a bare two-Map-lookups loop, to calibrate the machine.
 */
import { describe, expect, test } from 'vitest';
import { defaultConfig, type DetectionConfig } from '@core/detect/config';
import { Detector } from '@core/detect/detector';
import { generate, prng } from './throughput-mix';

function measure(cfg: DetectionConfig, total: number): { rate: number; sinkCalls: number } {
  const rnd = prng(42);
  let sinkCalls = 0;
  const d = new Detector(cfg, { alert: () => void sinkCalls++ });
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
  return { rate: Math.round(timed / (cpuMicros / 1e6)), sinkCalls };
}

function mapCalibration(): number {
  const n = 500_000;
  const keys = Array.from({ length: n }, (_, i) => ('"' + `/api/v1/users/${i % 50_000}`).slice(1));
  const clients = Array.from({ length: n }, (_, i) => ('"' + `10.${i % 20}.${i % 250}.${i % 7}`).slice(1));
  const a = new Map<string, number>();
  const b = new Map<string, number>();
  const start = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    a.set(keys[i]!, (a.get(keys[i]!) ?? 0) + 1);
    b.set(clients[i]!, (b.get(clients[i]!) ?? 0) + 1);
  }
  const used = process.cpuUsage(start);
  return Math.round(n / ((used.user + used.system) / 1e6));
}

describe.skipIf(!process.env.DETECT_THROUGHPUT)('detector throughput', () => {
  test('realistic mix, every rule on', { timeout: 600_000 }, () => {
    const total = Number(process.env.DETECT_EVENTS ?? 3_000_000);
    const all = measure(defaultConfig(), total);
    const off = defaultConfig();
    for (const r of Object.values(off.rules)) r.enabled = false;
    off.identityKeys.application = false;
    off.identityKeys.user = false;
    const none = measure(off, total);
    const fmt = (n: number) => n.toLocaleString('en-US');
    console.log(
      `every rule on: ${fmt(all.rate)} events/s (CPU time, ${all.sinkCalls} sink calls)\n` +
        `every rule off: ${fmt(none.rate)} events/s\n` +
        `calibration, a loop doing 2 Map get+set per event on fresh strings: ${fmt(mapCalibration())} events/s`,
    );
    expect(all.rate).toBeGreaterThan(0);
  });
});
