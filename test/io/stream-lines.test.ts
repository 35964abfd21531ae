import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { forEachLine } from '../../core/io/line-reader';
import { StreamLines } from '../../core/io/stream-lines';

const dir = mkdtempSync(join(tmpdir(), 'api-shield-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LINES = Array.from({ length: 5_000 }, (_, i) => `${i} ${i % 5 === 0 ? 'é☕' : 'ascii'} ${'y'.repeat(i % 200)}`);
const TEXT = Buffer.from(LINES.join('\n') + '\n');

/** A pipe handing the bytes over in uneven pieces, the first one `first` bytes long. */
function pipe(bytes: Buffer, first = 7): Readable {
  const pieces: Buffer[] = [bytes.subarray(0, first)];
  for (let at = first, n = 1; at < bytes.length; n++) {
    const size = 1 + ((n * 7919) % 65_536);
    pieces.push(bytes.subarray(at, at + size));
    at += size;
  }
  return Readable.from(pieces);
}

async function fromFile(bytes: Buffer): Promise<[string, number, number][]> {
  const path = join(dir, `f${Math.random()}.log`);
  writeFileSync(path, bytes);
  const got: [string, number, number][] = [];
  await forEachLine(path, (t, n, o) => got.push([t, n, o]));
  return got;
}

describe('lines of a stream read once (standard input)', () => {
  it('gives the first lines ahead, then every line once, numbered and placed as a file read gives them', async () => {
    const s = new StreamLines(pipe(TEXT));
    expect(await s.headLines(50)).toEqual(LINES.slice(0, 50));
    const got: [string, number, number][] = [];
    const r = await s.forEach((t, n, o) => got.push([t, n, o]));
    expect(got).toEqual(await fromFile(TEXT));
    expect(r).toEqual({ lines: LINES.length, bytes: TEXT.length, gzip: false });
  });

  it('gunzips a compressed pipe, even when its first piece is a single byte', async () => {
    const gz = gzipSync(TEXT);
    const s = new StreamLines(pipe(gz, 1));
    expect(await s.headLines(3)).toEqual(LINES.slice(0, 3));
    const got: string[] = [];
    const r = await s.forEach((t) => got.push(t));
    expect(got).toEqual(LINES);
    expect(r.gzip).toBe(true);
    expect(r.bytes).toBe(TEXT.length);
  });

  it('reports an over-long line read ahead, in its place, and keeps a last line without a newline', async () => {
    const text = Buffer.from(`a\n${'z'.repeat(300)}\nb\nlast`);
    const s = new StreamLines(pipe(text), { maxLineBytes: 100 });
    expect(await s.headLines(10)).toEqual(['a', 'b', 'last']);
    const seen: string[] = [];
    await s.forEach((t, n) => seen.push(`${n}:${t}`), { onLongLine: (n, _o, bytes) => seen.push(`${n}:long ${bytes}`) });
    expect(seen).toEqual(['1:a', '2:long 300', '3:b', '4:last']);
  });

  it('reads an empty pipe as no lines', async () => {
    const s = new StreamLines(Readable.from([]));
    expect(await s.headLines(50)).toEqual([]);
    expect(await s.forEach(() => {})).toEqual({ lines: 0, bytes: 0, gzip: false });
  });

  it('reading ahead a pipe that breaks gives the lines before the break; forEach delivers them, then fails', async () => {
    const z = gzipSync(TEXT);
    // Broken at once (gunzip gives nothing for so short a piece): no head, and forEach fails with the error.
    const early = new StreamLines(pipe(z.subarray(0, 200)));
    const head = await early.headLines(50);
    expect(head).toEqual([]);
    const got: string[] = [];
    await expect(early.forEach((t) => void got.push(t))).rejects.toMatchObject({ code: 'Z_BUF_ERROR' });
    expect(got).toEqual(head);
    // Broken later: the head is whole, and forEach reads on to the break before failing.
    const late = new StreamLines(pipe(z.subarray(0, z.length >> 1)));
    expect(await late.headLines(50)).toEqual(LINES.slice(0, 50));
    const more: string[] = [];
    await expect(late.forEach((t) => void more.push(t))).rejects.toMatchObject({ code: 'Z_BUF_ERROR' });
    expect(more.length).toBeGreaterThan(50);
    expect(more).toEqual(LINES.slice(0, more.length));
  });

  it('fails with the gunzip error on a corrupt compressed pipe, without hanging', async () => {
    const bad = Buffer.concat([gzipSync(TEXT).subarray(0, 40), Buffer.alloc(200_000, 7)]);
    const s = new StreamLines(pipe(bad, 2));
    await expect(s.forEach(() => {})).rejects.toThrow();
  });
});
