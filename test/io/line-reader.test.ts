import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { forEachLine } from '../../core/io/line-reader';

const dir = mkdtempSync(join(tmpdir(), 'api-shield-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function makeLines(n: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(`${i} ${i % 7 === 0 ? 'é☕' : 'ascii'} ${'x'.repeat(i % 300)}`);
  return lines;
}

async function readAll(path: string, opts: Parameters<typeof forEachLine>[2] = {}) {
  const got: [string, number, number][] = [];
  const r = await forEachLine(path, (t, n, o) => got.push([t, n, o]), opts);
  return { got, r };
}

function expectedOffsets(lines: string[], from = 0): number[] {
  const out: number[] = [];
  let off = from;
  for (const l of lines) {
    out.push(off);
    off += Buffer.byteLength(l) + 1;
  }
  return out;
}

describe('forEachLine', () => {
  const lines = makeLines(20_000);
  const text = lines.join('\n') + '\n';
  const plain = join(dir, 'plain.log');
  // Named .log on purpose: gzip is recognised by its magic bytes, not the name.
  const gz = join(dir, 'compressed.log');
  writeFileSync(plain, text);
  writeFileSync(gz, gzipSync(text));

  it('streams a plain file with byte offsets and progress', async () => {
    const progress: [number, number][] = [];
    const { got, r } = await readAll(plain, { highWaterMark: 64 * 1024, onProgress: (a, b) => progress.push([a, b]) });
    expect(r).toEqual({ lines: lines.length, bytes: Buffer.byteLength(text), gzip: false });
    expect(got.map((g) => g[0])).toEqual(lines);
    expect(got.map((g) => g[1])).toEqual(lines.map((_, i) => i + 1));
    expect(got.map((g) => g[2])).toEqual(expectedOffsets(lines));
    expect(progress.length).toBeGreaterThan(5);
    expect(progress.at(-1)).toEqual([Buffer.byteLength(text), Buffer.byteLength(text)]);
  });

  it('decompresses gzip found by magic bytes; offsets count decompressed bytes, progress counts file bytes', async () => {
    const progress: number[] = [];
    const { got, r } = await readAll(gz, { onProgress: (a) => progress.push(a) });
    expect(r.gzip).toBe(true);
    expect(r.bytes).toBe(Buffer.byteLength(text));
    expect(got.map((g) => g[0])).toEqual(lines);
    expect(got.map((g) => g[2])).toEqual(expectedOffsets(lines));
    expect(progress.at(-1)).toBe(gzipSync(text).length);
  });

  it('reads concatenated gzip members (rotated-and-appended logs)', async () => {
    const two = join(dir, 'two-members.gz');
    writeFileSync(two, Buffer.concat([gzipSync('a\nb\n'), gzipSync('c\nd')]));
    const { got } = await readAll(two);
    expect(got).toEqual([
      ['a', 1, 0],
      ['b', 2, 2],
      ['c', 3, 4],
      ['d', 4, 6],
    ]);
  });

  it('resumes at a saved offset and line, plain and gzip', async () => {
    const k = 12_345;
    const offset = expectedOffsets(lines)[k];
    for (const path of [plain, gz]) {
      const { got, r } = await readAll(path, { startOffset: offset, startLine: k + 1 });
      expect(r.lines).toBe(lines.length - k);
      expect(got[0]).toEqual([lines[k], k + 1, offset]);
      expect(got.at(-1)).toEqual([lines.at(-1), lines.length, expectedOffsets(lines).at(-1)]);
    }
  });

  it('reports over-long lines and counts them', async () => {
    const p = join(dir, 'long.log');
    writeFileSync(p, `a\n${'y'.repeat(3_000_000)}\nb`);
    const long: [number, number, number, string][] = [];
    const { got, r } = await readAll(p, { onLongLine: (n, o, len, head) => long.push([n, o, len, head]) });
    expect(got).toEqual([
      ['a', 1, 0],
      ['b', 3, 3_000_003],
    ]);
    expect(long).toEqual([[2, 2, 3_000_000, 'y'.repeat(256)]]);
    expect(r.lines).toBe(3);
  });

  it('stops on abort with the signal reason', async () => {
    const ac = new AbortController();
    let seen = 0;
    const run = forEachLine(
      plain,
      () => {
        if (++seen === 10) ac.abort(new Error('enough'));
      },
      { signal: ac.signal, highWaterMark: 16 * 1024 },
    );
    await expect(run).rejects.toThrow('enough');
    expect(seen).toBeLessThan(lines.length);
  });

  it('handles an empty file and a missing file', async () => {
    const empty = join(dir, 'empty.log');
    writeFileSync(empty, '');
    expect((await readAll(empty)).r).toEqual({ lines: 0, bytes: 0, gzip: false });
    await expect(readAll(join(dir, 'nope.log'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('rejects a corrupt gzip stream instead of hanging', async () => {
    const bad = join(dir, 'bad.gz');
    const z = gzipSync(text);
    writeFileSync(bad, z.subarray(0, z.length >> 1));
    await expect(readAll(bad)).rejects.toThrow();
  });
});
