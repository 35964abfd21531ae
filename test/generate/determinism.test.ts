import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GENERATE_FORMATS, generateTraffic, truthCsv, type GenerateOptions } from '@core/generate/index';
import { defaultTruthPath, generateToFiles } from '@core/generate/write-files';

function digest(options: GenerateOptions): { hash: string; count: number; truth: string } {
  const h = createHash('sha256');
  let count = 0;
  const s = generateTraffic(options, (l) => {
    h.update(l);
    h.update('\n');
    count++;
  });
  return { hash: h.digest('hex'), count, truth: truthCsv(s.truth) };
}

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('generate: determinism and exact size', () => {
  for (const format of GENERATE_FORMATS) {
    it(`${format}: same seed → same bytes; another seed → different bytes`, () => {
      const a = digest({ lines: 30_000, seed: 11, format });
      const b = digest({ lines: 30_000, seed: 11, format });
      const c = digest({ lines: 30_000, seed: 12, format });
      expect(a.hash).toBe(b.hash);
      expect(a.truth).toBe(b.truth);
      expect(c.hash).not.toBe(a.hash);
      expect(c.truth).not.toBe(a.truth);
    });

    it(`${format}: writes exactly the requested number of lines`, () => {
      for (const lines of [0, 1, 2, 3, 7, 1001, 12_345]) {
        const d = digest({ lines, seed: 'x', format });
        expect(d.count, `${lines} lines`).toBe(lines);
      }
    });
  }

  it('string and numeric seeds, start time and clients change the output deterministically', () => {
    const base = { lines: 5000, format: 'combined' as const };
    expect(digest({ ...base, seed: 'demo' }).hash).toBe(digest({ ...base, seed: 'demo' }).hash);
    expect(digest({ ...base, seed: 'demo' }).hash).not.toBe(digest({ ...base, seed: 'demo2' }).hash);
    const a = digest({ ...base, seed: 1, start: '2025-01-01T00:00:00Z' });
    expect(a.hash).toBe(digest({ ...base, seed: 1, start: Date.parse('2025-01-01T00:00:00Z') }).hash);
    expect(a.hash).not.toBe(digest({ ...base, seed: 1 }).hash);
    expect(digest({ ...base, seed: 1, clients: 300 }).hash).not.toBe(digest({ ...base, seed: 1, clients: 600 }).hash);
  });

  it('starts at the given time and defaults to a fixed date', () => {
    const first: string[] = [];
    generateTraffic({ lines: 3, seed: 1, format: 'combined', start: '2025-03-10T08:00:00Z' }, (l) => first.push(l));
    expect(first[0]).toContain('[10/Mar/2025:08:');
    const s = generateTraffic({ lines: 3, seed: 1, format: 'combined' }, () => {});
    expect(new Date(s.firstTime).toISOString().slice(0, 10)).toBe('2024-06-03');
  });

  it('rejects bad options', () => {
    expect(() => generateTraffic({ lines: -1, seed: 1, format: 'combined' }, () => {})).toThrow(/lines/);
    expect(() => generateTraffic({ lines: 1, seed: 1, format: 'nope' as never }, () => {})).toThrow(/format/);
    expect(() => generateTraffic({ lines: 1, seed: 1, format: 'combined', start: 'not a date' }, () => {})).toThrow(/start/);
    expect(() => generateTraffic({ lines: 1, seed: 1, format: 'combined', clients: 0 }, () => {})).toThrow(/clients/);
  });

  it('generateToFiles writes the same bytes as generateTraffic, plus the truth file beside it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gen-'));
    dirs.push(dir);
    const options: GenerateOptions = { lines: 40_000, seed: 5, format: 'wso2-access' };
    const progress: number[] = [];
    const out = join(dir, 'sub', 'demo.log');
    const s = await generateToFiles({ ...options, out, onProgress: (n) => progress.push(n) });
    expect(s.truthOut).toBe(join(dir, 'sub', 'demo.truth.csv'));
    const text = await readFile(out, 'utf8');
    const expected: string[] = [];
    const s2 = generateTraffic(options, (l) => expected.push(l));
    expect(text).toBe(expected.join('\n') + '\n');
    expect(s.bytes).toBe(Buffer.byteLength(text));
    expect(await readFile(s.truthOut, 'utf8')).toBe(truthCsv(s2.truth));
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(40_000);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!).toBeGreaterThan(progress[i - 1]!);
  });

  it('defaultTruthPath replaces the extension', () => {
    expect(defaultTruthPath('demo.log')).toBe('demo.truth.csv');
    expect(defaultTruthPath('/tmp/x/access.2024.log')).toBe('/tmp/x/access.2024.truth.csv');
    expect(defaultTruthPath('/tmp/x/demo')).toBe('/tmp/x/demo.truth.csv');
  });
});
