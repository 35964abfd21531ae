import { describe, expect, test } from 'vitest';
import { templatePath, templatePathWithId } from '@core/detect/path-template';

describe('path templating', () => {
  test.each([
    ['/users/123', '/users/{id}'],
    ['/users/123/orders/456', '/users/{id}/orders/{id}'],
    ['/orders/3f2c1a9e-8b7d-4c6e-9f01-23456789abcd', '/orders/{uuid}'],
    ['/blobs/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', '/blobs/{hash}'],
    ['/files/a1b2c3d4e5f6', '/files/{hash}'],
    ['/keys/AbCdEfGh12345678ijklMNOP90', '/keys/{token}'],
    ['/invoices/123.pdf', '/invoices/{id}.pdf'],
    ['/users/123/', '/users/{id}/'],
  ])('%s → %s', (path, template) => {
    expect(templatePath(path)).toBe(template);
  });

  test.each(['/', '/api/v1/users', '/page-01', '/v2/items', '/static/app.0.js', '/docs/1.0.0/intro', '/.env', '/%2fetc%2fpasswd', '/deadbeef', '/2024-01-31'])(
    'keeps %s (words, versions, slugs, file names and encoded text are not ids)',
    (path) => {
      expect(templatePath(path)).toBe(path);
    },
  );

  test('reports the last id for enumeration', () => {
    expect(templatePathWithId('/users/42/orders/7')).toEqual({ template: '/users/{id}/orders/{id}', lastId: '7' });
    expect(templatePathWithId('/users')).toEqual({ template: '/users', lastId: '' });
  });

  test('a path without digits is returned as the same string (no allocation)', () => {
    const p = '/api/users/me';
    expect(templatePath(p)).toBe(p);
  });

  test('is fast enough for the hot path (≥ 1M distinct paths/s order of magnitude)', () => {
    const paths = Array.from({ length: 50_000 }, (_, i) => `/api/v1/users/${i}/orders/${i * 7}`);
    const start = performance.now();
    let n = 0;
    for (let r = 0; r < 4; r++) for (const p of paths) n += templatePath(p).length;
    const perSecond = (4 * paths.length) / ((performance.now() - start) / 1000);
    expect(n).toBeGreaterThan(0);
    expect(perSecond).toBeGreaterThan(200_000); // loose: shared CI machines are slow
  });
});
