import { describe, expect, it } from 'vitest';
import type { EventRow } from '../../electron/contract/types';
import { csvField } from '../../core/report/csv';
import { EVENT_CSV_COLUMNS, eventsCsv } from '../../core/report/events-csv';

describe('CSV fields', () => {
  it.each([
    ['plain', 'abc', 'abc'],
    ['comma', 'a,b', '"a,b"'],
    ['quote', 'say "hi"', '"say ""hi"""'],
    ['newline', 'a\nb', '"a\nb"'],
    ['formula =', '=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
    ['formula +', '+1+2', "'+1+2"],
    ['formula -', '-2+3', "'-2+3"],
    ['formula @', '@SUM(A1)', "'@SUM(A1)"],
    ['tab start', '\tx', "'\tx"],
    ['negative number stays a number', -5, '-5'],
    ['number', 200, '200'],
    ['null', null, ''],
  ])('%s', (_name, value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

describe('events CSV', () => {
  const row: EventRow = {
    id: 7, time: Date.UTC(2024, 5, 1, 12, 0, 0), client: '203.0.113.9', method: 'GET', path: '/api/items', query: 'q=a,b',
    template: '/api/items', status: 404, bytes: -1, latencyMs: 12, userAgent: '=cmd|calc', api: '', application: '', user: 'bob',
    host: 'shop.example', sourceId: 2, fileId: 3, line: 41, offset: 4100,
  };

  it('writes a header and one line per event, neutralising formulas from the log', () => {
    const csv = eventsCsv([row], (id) => (id === 2 ? '/var/log/nginx/access.log' : '?'));
    const [header, line, end] = csv.split('\n');
    expect(header).toBe(EVENT_CSV_COLUMNS.join(','));
    expect(line).toBe('2024-06-01T12:00:00.000Z,203.0.113.9,shop.example,GET,/api/items,"q=a,b",404,,12,\'=cmd|calc,bob,,,/var/log/nginx/access.log,41,4100');
    expect(end).toBe('');
  });
});
