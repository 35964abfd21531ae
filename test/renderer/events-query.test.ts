import { describe, expect, it } from 'vitest';
import type { EventRow } from '../../electron/contract/types';
import { validateParams } from '../../electron/contract/params';
import { EMPTY_EVENT_QUERY, EVENTS_PAGE, eventParams, eventQueryForAlert, eventQueryForTop, isEmptyQuery, parseStatus } from '../../renderer/src/live/events-query';

const range = { from: 1_000, to: 2_000 };

describe('Events page filter', () => {
  const statuses: [string, ReturnType<typeof parseStatus>][] = [
    ['', {}],
    ['  ', {}],
    ['404', { status: 404 }],
    [' 200 ', { status: 200 }],
    ['0', { status: 0 }],
    ['4xx', { statusClass: 4 }],
    ['5XX', { statusClass: 5 }],
    ['2xx', { statusClass: 2 }],
    ['1xx', null],
    ['6xx', null],
    ['40', { status: 40 }],
    ['4040', null],
    ['4x', null],
    ['abc', null],
  ];
  for (const [text, want] of statuses) {
    it(`reads status ${JSON.stringify(text)}`, () => expect(parseStatus(text)).toEqual(want));
  }

  it('turns the filter into params the contract accepts, trimmed, without empty fields', () => {
    const p = eventParams(
      { client: ' 10.0.0.1 ', path: '/api/x', status: '4xx', sourceId: 3, user: '', api: 'orders', application: 'ShopWeb ', host: ' shop.example ', window: null },
      range,
    );
    expect(p).toEqual({ range, client: '10.0.0.1', path: '/api/x', statusClass: 4, sourceId: 3, api: 'orders', application: 'ShopWeb', host: 'shop.example', limit: EVENTS_PAGE });
    expect(validateParams('query.events', JSON.parse(JSON.stringify(p)))).toEqual(JSON.parse(JSON.stringify(p)));
    expect(JSON.parse(JSON.stringify(eventParams(EMPTY_EVENT_QUERY, range)))).toEqual({ range, limit: EVENTS_PAGE });
  });

  it('pages with the last row as a (time, id) cursor', () => {
    const last = { time: 1_500, id: 42 } as EventRow;
    expect(eventParams({ ...EMPTY_EVENT_QUERY, status: '404' }, range, last)).toMatchObject({ status: 404, before: 1_500, beforeId: 42 });
  });

  it('refuses a malformed status before it reaches the engine', () => {
    expect(() => eventParams({ ...EMPTY_EVENT_QUERY, status: '4x' }, range)).toThrow(/status must be/);
  });

  it('knows an empty filter', () => {
    expect(isEmptyQuery(EMPTY_EVENT_QUERY)).toBe(true);
    expect(isEmptyQuery({ ...EMPTY_EVENT_QUERY, client: '  ' })).toBe(true);
    expect(isEmptyQuery({ ...EMPTY_EVENT_QUERY, sourceId: 1 })).toBe(false);
  });
});

describe('the events behind an alert', () => {
  it.each([
    ['an IP alert: its client', { key: '203.0.113.7', keyKind: 'ip' }, { client: '203.0.113.7' }],
    ['a user alert: its user', { key: 'bob', keyKind: 'user' }, { user: 'bob' }],
    ['an endpoint target: its path', { key: 'endpoint:POST /api/v1/auth/login', keyKind: 'target' }, { path: '/api/v1/auth/login' }],
    ['an endpoint target without a method', { key: 'endpoint:/login', keyKind: 'target' }, { path: '/login' }],
    ['an account target: its user', { key: 'user:alice', keyKind: 'target' }, { user: 'alice' }],
    ['a templated endpoint: a path pattern', { key: 'endpoint:POST /users/{id}/login', keyKind: 'target' }, { path: '/users/*/login' }],
    ['an application alert: its application', { key: 'shop-app', keyKind: 'application' }, { application: 'shop-app' }],
    ['an API-key alert: none (events keep no key)', { key: 'k-123', keyKind: 'api-key' }, null],
  ])('%s', (_name, alert, expected) => {
    expect(eventQueryForAlert(alert)).toEqual(expected);
  });
});

describe('the events behind a row of a top-N panel', () => {
  it.each([
    ['a client', 'client', '203.0.113.7', { client: '203.0.113.7' }],
    ['an endpoint template: a path pattern', 'endpoint', '/api/v1/users/{id}/orders/{uuid}', { path: '/api/v1/users/*/orders/*' }],
    ['a plain endpoint', 'endpoint', '/wp-login.php', { path: '/wp-login.php' }],
    ['an endpoint that is not a path (a non-HTTP request line kept whole)', 'endpoint', '\\x16\\x03\\x01', null],
    ['a status', 'status', '404', { status: '404' }],
    ['an API', 'api', 'PizzaShackAPI', { api: 'PizzaShackAPI' }],
    ['a host', 'host', 'shop.example', { host: 'shop.example' }],
    ['a user agent: none (Events has no such filter)', 'userAgent', 'curl/8.5.0', null],
    ['an application', 'application', 'DefaultApplication', { application: 'DefaultApplication' }],
    ['an empty value: none', 'host', '', null],
  ] as const)('%s', (_name, dimension, value, expected) => {
    expect(eventQueryForTop(dimension, value)).toEqual(expected);
  });
});

