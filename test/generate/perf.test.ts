/**
 * Throughput of 1M lines per format. Off by default (it measures the machine as much as the code):
 * `GENERATE_PERF=1 npx vitest run test/generate/perf.test.ts`.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATE_FORMATS, generateTraffic } from '@core/generate/index';
import { generateToFiles } from '@core/generate/write-files';

const LINES = 1_000_000;

describe.skipIf(!process.env.GENERATE_PERF)('generate: throughput (1M lines)', () => {
  for (const format of GENERATE_FORMATS) {
    it(`${format}: in memory and to disk`, async () => {
      let chars = 0;
      let t = performance.now();
      generateTraffic({ lines: LINES, seed: 1, format }, (l) => {
        chars += l.length + 1;
      });
      const mem = performance.now() - t;
      const dir = await mkdtemp(join(tmpdir(), 'gen-perf-'));
      try {
        t = performance.now();
        const s = await generateToFiles({ lines: LINES, seed: 1, format, out: join(dir, 'demo.log') });
        const disk = performance.now() - t;
        expect((await stat(s.out)).size).toBe(s.bytes);
        console.log(
          `${format}: ${Math.round(LINES / (mem / 1000)).toLocaleString()} lines/s in memory (${(chars / 1e6).toFixed(0)} MB), ` +
            `${Math.round(LINES / (disk / 1000)).toLocaleString()} lines/s to disk, span ${((s.lastTime - s.firstTime) / 3.6e6).toFixed(1)} h, ` +
            `${s.requests.toLocaleString()} requests, ${s.truth.length} truth rows`,
        );
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
});
