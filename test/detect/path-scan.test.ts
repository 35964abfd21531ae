/**
 * The one-pass path scan (path-scan.ts; path-template.ts is its string form for the model and the event
 * store) must template exactly like the plain reference templater (path-template-reference.ts): checked on a
 * few hundred thousand generated paths built to hit every branch (ids, uuids with and without digits, hashes, tokens, "123.json", dots, encodings, empty segments).
 */
import { describe, expect, test } from 'vitest';
import { templatePathWithId } from './path-template-reference';
import { buildTemplate, isTemplateOf, PathScan, pathIdentity, scanPath } from '@core/detect/path-scan';
import { PathInfos } from '@core/detect/path-info';
import { Rng } from '@core/generate/prng';

const SEGMENTS = [
  'api', 'v1', 'users', 'orders', 'items', 'static', 'app.js', 'index.html', '', '.env', '..', '%2e%2e', 'wp-login.php',
  '123', '0', '007', '1234567890123456', '12345678901234567890', '42.json', '42.xml', '42.tar.gz', '7.', '.7', 'x.123',
  '550e8400-e29b-41d4-a716-446655440000', 'abcdefab-abcd-abcd-abcd-abcdefabcdef', 'abcdefab-abcd-abcd-abcd-abcdefabcdef.json',
  'deadbeefcafebabe1234', 'a1b2c3d4', 'abcdef12', 'ABCDEF12', 'a1b2c3d4e5f6a7b8', 'deadbeef', 'feedface',
  'eyJhbGciOiJIUzI1NiJ9xyz12', 'tok_ab12cd34ef56gh78ij90', 'a-b-c-d-e-f-g-h-i-j-k-1-2', 'under_score_1234567890ab',
  'name=value~1', 'café', 'ü123', '12ü', 'a'.repeat(300), '9'.repeat(300), 'x1'.repeat(15),
];

function randomPath(rnd: () => number): string {
  const n = Math.floor(rnd() * 6);
  let p = rnd() < 0.9 ? '' : 'http://host';
  for (let i = 0; i < n; i++) {
    let seg = SEGMENTS[Math.floor(rnd() * SEGMENTS.length)]!;
    if (rnd() < 0.2) seg = String(Math.floor(rnd() * 1e6)) + (rnd() < 0.3 ? '.json' : '');
    if (rnd() < 0.1) seg = seg.toUpperCase();
    p += '/' + seg;
  }
  if (rnd() < 0.1) p += '/';
  return p;
}

function fnv(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

describe('path scan', () => {
  test('templates, ids and hashes agree with path-template.ts', () => {
    const rng = new Rng(11);
    const rnd = () => rng.float();
    const s = new PathScan();
    for (let k = 0; k < 200_000; k++) {
      const path = randomPath(rnd);
      const ref = templatePathWithId(path);
      scanPath(path, s);
      const template = buildTemplate(path, s);
      expect(template, path).toBe(ref.template);
      expect(s.tmplLen, path).toBe(ref.template.length);
      expect(s.tmplHash, path).toBe(fnv(ref.template));
      expect(s.nReps > 0, path).toBe(ref.lastId !== '');
      const idNum = ref.lastId !== '' && ref.lastId.length <= 15 && /^\d+$/.test(ref.lastId) ? Number(ref.lastId) : NaN;
      expect(s.idNum, path).toBe(idNum);
      expect(isTemplateOf(ref.template, path, s), path).toBe(true);
      expect(isTemplateOf(ref.template + 'x', path, s)).toBe(false);
      if (ref.template.length > 0) {
        const other = ref.template.slice(0, -1) + (ref.template.endsWith('q') ? 'r' : 'q');
        expect(isTemplateOf(other, path, s), path).toBe(false);
      }
    }
  });

  test('a raw path keeps its identity; different raw paths get different ones', () => {
    const infos = new PathInfos();
    const seen = new Map<number, string>();
    const rng = new Rng(5);
    const rnd = () => rng.float();
    for (let k = 0; k < 50_000; k++) {
      const path = randomPath(rnd);
      const id = infos.describe(path).hash;
      const before = seen.get(id);
      if (before !== undefined) expect(before).toBe(path);
      else seen.set(id, path);
      expect(infos.describe(('"' + path).slice(1)).hash).toBe(id);
    }
    const s = new PathScan();
    scanPath('/users/1/orders/2', s);
    const a = pathIdentity('/users/1/orders/2', s, 7);
    scanPath('/users/2/orders/1', s);
    expect(pathIdentity('/users/2/orders/1', s, 7)).not.toBe(a);
  });

  test('interned templates carry the content flags of their template', () => {
    const infos = new PathInfos();
    const a = infos.describe('/wp-admin/users/1').tmpl;
    const b = infos.describe('/wp-admin/users/2').tmpl;
    expect(a).toBe(b);
    expect(a.template).toBe('/wp-admin/users/{id}');
    expect(infos.describe('/static/app.1.js').tmpl.isStatic).toBe(true);
  });
});
