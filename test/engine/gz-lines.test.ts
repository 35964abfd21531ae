import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { gzLinesAt } from '../../electron/engine/queries/evidence';
import { tempDir } from './helpers';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

/** Writes `text` gzipped and returns the lines gzLinesAt finds at the given line starts (by line index). */
async function linesAt(text: string, indexes: number[], bytes = gzipSync(text)): Promise<(string | undefined)[]> {
  const starts: number[] = [];
  let at = 0;
  for (const l of text.split('\n')) {
    starts.push(at);
    at += Buffer.byteLength(l) + 1;
  }
  const path = join(tmp.dir, 'x.gz');
  writeFileSync(path, bytes);
  const fd = await open(path, 'r');
  try {
    const found = await gzLinesAt(fd, indexes.map((i) => starts[i]!));
    return indexes.map((i) => found.get(starts[i]!));
  } finally {
    await fd.close();
  }
}

const many = Array.from({ length: 30_000 }, (_, i) => `line ${i} ${'x'.repeat(i % 97)}`);

describe('gzLinesAt', () => {
  it.each([
    ['the first line', ['a', 'b', 'c'].join('\n') + '\n', [0], ['a']],
    ['lines in any order, one repeated', ['a', 'b', 'c'].join('\n') + '\n', [2, 0, 2], ['c', 'a', 'c']],
    ['the last line without a newline', 'a\nlast', [1], ['last']],
    ['a CRLF line without its CR', 'a\r\nb\r\n', [0, 1], ['a', 'b']],
    ['UTF-8 that spans bytes', 'héllo ☃\nnext\n', [0, 1], ['héllo ☃', 'next']],
    ['lines far apart in many decompressed chunks', many.join('\n') + '\n', [0, 12_345, 29_999], [many[0], many[12_345], many[29_999]]],
    ['an offset at the end: nothing', 'a\n', [1], [undefined]],
  ])('%s', async (_what, text, indexes, expected) => {
    expect(await linesAt(text, indexes)).toEqual(expected);
  });

  it('cuts a line longer than 64 KiB at 64 KiB, and still finds the next one', async () => {
    const long = 'y'.repeat(200_000);
    const [a, b] = await linesAt(`${long}\nafter\n`, [0, 1]);
    expect(a).toBe('y'.repeat(64 * 1024));
    expect(b).toBe('after');
  });

  it('gives the lines before the damage of a truncated file, and no error', async () => {
    const text = many.join('\n') + '\n';
    const whole = gzipSync(text);
    const cut = whole.subarray(0, Math.floor(whole.length / 2));
    const [first, last] = await linesAt(text, [1, 29_999], cut);
    expect(first).toBe(many[1]);
    expect(last).toBeUndefined();
  });
});
