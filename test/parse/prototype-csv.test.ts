import { describe, expect, it } from 'vitest';
import { splitCsvLine } from '../../core/parse/csv-fields';
import { PROTOTYPE_COLUMNS, PrototypeCsvParser } from '../../core/parse/prototype-csv';
import { outcomeOf, utc, type Expected } from './helpers';

const TABLE: [string, string, Expected][] = [
  ['header row', PROTOTYPE_COLUMNS.join(','), { ignored: 'header' }],
  [
    'plain row',
    '2024-05-01T10:15:02.101Z,PizzaShackAPI,1.0.0,GET,/pizzashack/1.0.0/menu?size=L,200,12.5,2048,198.51.100.7,curl/8.0,wso2-access,normal,- 198.51.100.7 - - [...]',
    {
      time: utc('2024-05-01T10:15:02.101Z'), api: 'PizzaShackAPI', apiVersion: '1.0.0', method: 'GET', path: '/pizzashack/1.0.0/menu',
      query: 'size=L', status: 200, latencyMs: 12.5, bytes: 2048, client: '198.51.100.7', userAgent: 'curl/8.0',
    },
  ],
  [
    'quoted fields with commas and doubled quotes; zone-less ISO time is UTC; pandas floats',
    '2024-05-01 10:15:02,Orders,v2,post,/orders,401.0,3,0.0,203.0.113.4,"Mozilla/5.0 (X11; Linux x86_64) ""quoted"", yes",nginx,brute_force,"1.2.3.4 - - [01/May/2024:10:15:02 +0000] ""POST /orders HTTP/1.1"" 401 0"',
    { time: utc('2024-05-01T10:15:02Z'), method: 'POST', status: 401, bytes: 0, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) "quoted", yes' },
  ],
  ['empty latency and size', '2024-05-01T10:15:02+02:00,A,1,GET,/,200,,,1.1.1.1,,src,normal,', { time: utc('2024-05-01T08:15:02Z'), latencyMs: -1, bytes: -1, userAgent: '' }],
  ['wrong column count', '2024-05-01T10:15:02Z,A,1,GET,/,200', { error: 'missing-field' }],
  ['bad timestamp', 'yesterday,A,1,GET,/,200,1,1,1.1.1.1,ua,src,normal,raw', { error: 'bad-timestamp' }],
  ['bad status', '2024-05-01T10:15:02Z,A,1,GET,/,OK,1,1,1.1.1.1,ua,src,normal,raw', { error: 'bad-status' }],
  ['unterminated quote', '2024-05-01T10:15:02Z,A,1,GET,/,200,1,1,1.1.1.1,"ua,src,normal,raw', { error: 'unrecognized' }],
  ['blank', '', { ignored: 'blank' }],
];

describe('prototype-csv parser', () => {
  it.each(TABLE)('%s', (_d, raw, expected) => {
    expect(outcomeOf(new PrototypeCsvParser(), raw)).toMatchObject(expected);
  });

  it.each([
    ['a,b,c', ['a', 'b', 'c']],
    ['a,,', ['a', '', '']],
    ['"a,b",c', ['a,b', 'c']],
    ['"say ""hi""",x', ['say "hi"', 'x']],
    ['"",""', ['', '']],
    ['"x"y,z', ['xy', 'z']],
  ])('splits %s', (line, fields) => {
    expect(splitCsvLine(line)).toEqual(fields);
  });
});
