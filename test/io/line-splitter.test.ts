import { describe, expect, it } from 'vitest';
import { LineSplitter, type LineSplitterOptions } from '../../core/io/line-splitter';

type Out = ['line', string, number, number] | ['long', number, number, number, string];

/** Splits `chunks` with a fresh LineSplitter and returns everything it reported. */
function split(chunks: Buffer[], opts: LineSplitterOptions = {}, flush = true): { out: Out[]; s: LineSplitter } {
  const out: Out[] = [];
  const s = new LineSplitter((t, n, o) => out.push(['line', t, n, o]), {
    ...opts,
    onLongLine: (n, o, len, head) => out.push(['long', n, o, len, head]),
  });
  for (const c of chunks) s.push(c);
  if (flush) s.flush();
  return { out, s };
}

/** The obvious, slow reference: split the whole buffer at 0x0A and decode each line on its own. */
function reference(buf: Buffer, max = 256 * 1024, startOffset = 0, startLine = 1): Out[] {
  const out: Out[] = [];
  let start = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf && startOffset === 0 ? 3 : 0;
  let line = startLine;
  while (start < buf.length) {
    let nl = buf.indexOf(10, start);
    const terminated = nl >= 0;
    if (!terminated) nl = buf.length;
    const len = nl - start;
    if (len > max) {
      out.push(['long', line, startOffset + start, len, buf.toString('utf8', start, start + Math.min(len, 256))]);
    } else {
      const end = len > 0 && buf[nl - 1] === 13 ? nl - 1 : nl;
      out.push(['line', buf.toString('utf8', start, end), line, startOffset + start]);
    }
    line++;
    start = nl + 1;
  }
  return out;
}

const SAMPLE = Buffer.concat([
  Buffer.from('ascii line one\n'),
  Buffer.from('naïve café ☕ 𝄞 done\r\n'),
  Buffer.from([0x62, 0x61, 0x64, 0xff, 0xfe, 0x20, 0xe2, 0x82, 0x0a]), // invalid bytes, truncated € before '\n'
  Buffer.from('\n\r\n'),
  Buffer.from('中文日志 line\n'),
  Buffer.from('last line without newline é'),
]);

describe('LineSplitter', () => {
  it('matches the reference on a multi-byte UTF-8 sample in one push', () => {
    expect(split([SAMPLE]).out).toEqual(reference(SAMPLE));
  });

  it('gives the same lines, numbers and byte offsets when the input is cut at every byte position', () => {
    const want = reference(SAMPLE);
    for (let i = 0; i <= SAMPLE.length; i++) {
      const got = split([SAMPLE.subarray(0, i), SAMPLE.subarray(i)]).out;
      expect(got, `cut at ${i}`).toEqual(want);
    }
  });

  it('gives the same result for every pair of cut positions (three chunks)', () => {
    const want = reference(SAMPLE);
    for (let i = 0; i <= SAMPLE.length; i += 3) {
      for (let j = i; j <= SAMPLE.length; j += 2) {
        const got = split([SAMPLE.subarray(0, i), SAMPLE.subarray(i, j), SAMPLE.subarray(j)]).out;
        expect(got, `cuts at ${i},${j}`).toEqual(want);
      }
    }
  });

  it('gives the same result fed one byte at a time', () => {
    const bytes = [...SAMPLE].map((b) => Buffer.from([b]));
    expect(split(bytes).out).toEqual(reference(SAMPLE));
  });

  it('strips CRLF and a lone trailing CR only', () => {
    const { out } = split([Buffer.from('a\r\nb\rc\r\n\r\nd\r')]);
    expect(out).toEqual([
      ['line', 'a', 1, 0],
      ['line', 'b\rc', 2, 3],
      ['line', '', 3, 8],
      ['line', 'd', 4, 10],
    ]);
  });

  it('holds a partial last line until it is completed, and flush emits it', () => {
    const { out, s } = split([Buffer.from('one\ntw')], {}, false);
    expect(out).toEqual([['line', 'one', 1, 0]]);
    expect(s.offset).toBe(4);
    expect(s.nextLine).toBe(2);
    expect(s.bufferedBytes).toBe(2);
    s.push(Buffer.from('o\nthr'));
    expect(out.at(-1)).toEqual(['line', 'two', 2, 4]);
    s.flush();
    expect(out.at(-1)).toEqual(['line', 'thr', 3, 8]);
    s.flush();
    expect(out).toHaveLength(3);
  });

  it('resumes from a saved offset and line number', () => {
    const all = Buffer.from('l1\nline2 é\nl3\nl4 end\n');
    const first = split([all.subarray(0, 9)], {}, false);
    const { offset, nextLine } = first.s;
    expect([offset, nextLine]).toEqual([3, 2]);
    const rest = split([all.subarray(offset)], { startOffset: offset, startLine: nextLine }).out;
    expect([...first.out, ...rest]).toEqual(reference(all));
    expect(rest[0]).toEqual(['line', 'line2 é', 2, 3]);
  });

  it('skips a UTF-8 byte-order mark at the start of a file only', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    expect(split([Buffer.concat([bom, Buffer.from('a\nb\n')])]).out).toEqual([
      ['line', 'a', 1, 3],
      ['line', 'b', 2, 5],
    ]);
    expect(split([Buffer.concat([bom, Buffer.from('a\n')])], { startOffset: 10 }).out[0]).toEqual(['line', '\uFEFFa', 1, 10]);
  });

  it('reports long lines through onLongLine, in one push and across pushes, without buffering them', () => {
    const long = 'x'.repeat(5000);
    const text = `short\n${long}\nafter\n${long}é\nend`;
    const buf = Buffer.from(text);
    const want = reference(buf, 1000);
    expect(want.filter((o) => o[0] === 'long')).toHaveLength(2);
    expect(split([buf], { maxLineBytes: 1000 }).out).toEqual(want);
    for (const size of [1, 7, 100, 999, 1000, 1001, 4096]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < buf.length; i += size) chunks.push(buf.subarray(i, i + size));
      const { out } = split(chunks, { maxLineBytes: 1000 });
      expect(out.map((o) => o.slice(0, 4)), `chunk ${size}`).toEqual(want.map((o) => o.slice(0, 4)));
    }
    // While a long line streams in, the splitter holds at most maxLineBytes of it.
    const s = new LineSplitter(() => {}, { maxLineBytes: 1000 });
    for (let i = 0; i < 100; i++) s.push(Buffer.alloc(500, 0x61));
    expect(s.bufferedBytes).toBe(50_000);
    expect((s as unknown as { pendingBytes: number }).pendingBytes).toBe(0);
  });

  it('handles slabs: many lines longer than the decode slab and multi-byte text across 64 KiB', () => {
    const parts: string[] = [];
    for (let i = 0; i < 300; i++) parts.push(`${i} ${'é'.repeat(i * 97 % 2000)} ${'z'.repeat((i * 7919) % 90_000)}`);
    const buf = Buffer.from(parts.join('\n') + '\n');
    const want = reference(buf);
    expect(split([buf]).out).toEqual(want);
    const chunks: Buffer[] = [];
    for (let i = 0; i < buf.length; i += 1 << 20) chunks.push(buf.subarray(i, i + (1 << 20)));
    expect(split(chunks).out).toEqual(want);
  });

  it('never throws on random bytes and agrees with the reference', () => {
    let seed = 12345;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let round = 0; round < 200; round++) {
      const n = Math.floor(rnd() * 3000);
      const buf = Buffer.alloc(n);
      for (let i = 0; i < n; i++) {
        const r = rnd();
        buf[i] = r < 0.05 ? 10 : r < 0.07 ? 13 : r < 0.5 ? 0x20 + Math.floor(rnd() * 95) : Math.floor(rnd() * 256);
      }
      const chunks: Buffer[] = [];
      for (let i = 0; i < n; ) {
        const k = 1 + Math.floor(rnd() * 400);
        chunks.push(buf.subarray(i, i + k));
        i += k;
      }
      expect(split(chunks, { maxLineBytes: 300 }).out, `round ${round}`).toEqual(reference(buf, 300));
    }
  });
});
