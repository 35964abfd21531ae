import { describe, expect, it } from 'vitest';
import type { ImportResult, SourceStatus } from '../../electron/contract/types';
import { importProgress, importSource, importSummary } from '../../renderer/src/components/ImportForm/import-progress';

const src = (path: string, o: Partial<SourceStatus> = {}) => ({ path, offset: 0, size: 0, lines: 0, rate: 0, parseErrors: 0, ...o }) as SourceStatus;

describe('import progress', () => {
  const sources = [src('/var/log/nginx/access.log'), src('/home/ana/cases/41/access.log'), src('/home/ana/cases/41/old.log.gz')];

  it.each([
    ['/var/log/nginx/access.log', '/var/log/nginx/access.log'],
    ['cases/41/access.log', '/home/ana/cases/41/access.log'],
    ['./cases/41/old.log.gz', '/home/ana/cases/41/old.log.gz'],
    ['  /home/ana/cases/41/access.log  ', '/home/ana/cases/41/access.log'],
    ['/other/access.log', null],
    ['41/access', null],
    ['', null],
  ])('finds the source of %j', (typed, found) => {
    expect(importSource(sources, typed)?.path ?? null).toBe(found);
  });

  it.each([
    [null, { fraction: null, text: 'Starting…' }],
    [src('/a.log', { offset: 500, size: 2000, lines: 12_000, rate: 150_000 }), { fraction: 0.25, text: '25 % · 12,000 lines · 150,000 lines/s' }],
    [src('/a.log', { offset: 2000, size: 2000, lines: 40_000, parseErrors: 3 }), { fraction: 1, text: '100 % · 40,000 lines · 3 parse errors' }],
    // A .gz file's offset counts decompressed bytes: no percentage.
    [src('/a.log.gz', { offset: 9000, size: 2000, lines: 90_000, rate: 1 }), { fraction: null, text: '90,000 lines · 1 lines/s' }],
    [src('/empty.log', { size: 0 }), { fraction: null, text: '0 lines' }],
  ])('reports %j as read so far', (s, want) => {
    expect(importProgress(s)).toEqual(want);
  });

  it('sums up a finished import, and says when there was nothing new', () => {
    const r: ImportResult = { watched: false, sourceId: 1, path: '/a.log', format: 'combined', lines: 1_000_000, events: 999_990, parseErrors: 10, alerts: 42, ms: 8_560 };
    expect(importSummary(r)).toBe('Imported 1,000,000 lines from /a.log (combined): 999,990 events, 10 parse errors, 42 new alerts, in 8.6 s.');
    expect(importSummary({ ...r, lines: 0, events: 0, parseErrors: 0, alerts: 0 })).toBe('/a.log was already imported: nothing new to read.');
    expect(importSummary({ ...r, watched: true, lines: 0 })).toBe('/a.log is watched: the watch reads it as it grows, nothing to import.');
    expect(importSummary({ ...r, ms: 125_000 })).toContain('in 2m 5s.');
  });
});
