/**
 * Model alerts on lone failed logins wait for confirmation: a stuffing bot's one failed login and a user's
 * mistyped password are the same window; only what the client does next tells them apart.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Alert, AlertChange } from '@core/detect/alert';
import { makeEvent, type AccessEvent } from '@core/events/event';
import { parseModel } from '@core/model/model-file';
import { CONFIRM_MS, ModelAlerter } from '@core/pipeline/model-alerts';
import { predictProba, treeLeafValue } from '@core/model/forest';
import { PROBE_FLOOR, PROBE_TREES, WindowScorer } from '@core/model/scoring';
import { generateTraffic } from '@core/generate/index';
import { createParser, type ParseSink } from '@core/parse/index';
import { Detector } from '@core/detect/detector';
import { defaultConfig } from '@core/detect/config';

const model = parseModel(readFileSync(join(import.meta.dirname, '../../resources/default-model.json'), 'utf8'));
const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);
let line = 0;
const ev = (at: number, client: string, method: string, path: string, status: number): AccessEvent =>
  makeEvent({ time: T0 + at, client, method, path, status, protocol: 'HTTP/1.1', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0', line: ++line, offset: line * 100 });

/** 40 IPs, one failed login each, 1.5 s apart, on one endpoint: distributed credential stuffing. */
function stuffing(): AccessEvent[] {
  return Array.from({ length: 40 }, (_, i) => ev(i * 1_500, `198.51.100.${i + 1}`, 'POST', '/api/v1/auth/login', 401));
}

function run(events: AccessEvent[], live: boolean, finish = true): { alerts: Alert[]; changes: [string, AlertChange][] } {
  const changes: [string, AlertChange][] = [];
  const live$ = live ? { sink: { alert: (a: Alert, c: AlertChange) => void changes.push([a.key, c]) } } : {};
  const m = new ModelAlerter(model, 60_000, live$);
  for (const e of events.sort((a, b) => a.time - b.time)) m.push(e);
  const alerts = finish ? m.finish() : [];
  return { alerts, changes };
}

describe('model alerts on lone failed logins', () => {
  it('flags the bots of a distributed attack (the windows score above the threshold)', () => {
    const flagged = new Set(run(stuffing(), false).alerts.map((a) => a.key));
    expect(flagged.size).toBeGreaterThanOrEqual(30);
  });

  it('cites a one-request window\'s line once, not as its first and its last', () => {
    const one = run(stuffing(), false).alerts.filter((a) => a.count === 1);
    expect(one.length).toBeGreaterThan(0);
    expect(one.every((a) => a.evidence.length === 1)).toBe(true);
  });

  it('drops a client that goes on to use the API, in a scan', () => {
    const user = '198.51.100.7';
    const events = [...stuffing(), ev(25_000, user, 'POST', '/api/v1/auth/login', 200), ev(26_000, user, 'GET', '/api/v1/cart', 200)];
    const flagged = new Set(run(events, false).alerts.map((a) => a.key));
    expect(flagged.has(user)).toBe(false);
    expect(flagged.has('198.51.100.8')).toBe(true);
  });

  it('live, reports a lone-failure episode only once CONFIRM_MS of log time pass without such activity', () => {
    const bot = '198.51.100.8';
    const user = '198.51.100.7';
    const events = [...stuffing(), ev(25_000, user, 'GET', '/api/v1/cart', 200)];
    // Some later traffic from elsewhere moves log time on.
    events.push(ev(30_000, '203.0.113.9', 'GET', '/', 200), ev(70_000, '203.0.113.9', 'GET', '/', 200));
    const before = run(events, true, false).changes.filter(([k]) => k === bot);
    expect(before).toEqual([]); // 70 s: the bot's window (ended ~22 s) is still waiting
    events.push(ev(12_000 + CONFIRM_MS + 30_000, '203.0.113.9', 'GET', '/', 200));
    const after = run(events, true, false).changes;
    expect(after.filter(([k]) => k === bot).map(([, c]) => c)[0]).toBe('opened');
    expect(after.filter(([k]) => k === user)).toEqual([]);
  });
});

describe('model alerts on a new client\'s single request', () => {
  const app = (at: number, client: string, method: string, path: string, status: number): AccessEvent =>
    makeEvent({ time: T0 + at, client, method, path, status, protocol: 'HTTP/1.1', userAgent: 'ShopApp/5.12.0 (iPhone; iOS 17.5; Scale/3.00)', line: ++line, offset: line * 100 });

  it('stand when the client does nothing else, and are dropped when it goes on to use the API', () => {
    const alone = app(0, '198.51.100.50', 'POST', '/api/v1/cart/items', 201);
    const flagged = new Set(run([alone], false).alerts.map((a) => a.key));
    expect(flagged.has('198.51.100.50')).toBe(true); // the model alone calls this window an attack
    const user = [app(0, '198.51.100.51', 'POST', '/api/v1/cart/items', 201), app(20_000, '198.51.100.51', 'GET', '/api/v1/cart', 200)];
    expect(run(user, false).alerts.map((a) => a.key)).toEqual([]);
  });
});

describe('streaming scores stop early on clearly benign windows', () => {
  it('take the same side of the threshold as the full vote on every window of a generated log', () => {
    const lines: string[] = [];
    generateTraffic({ lines: 40_000, seed: 21, format: 'combined' }, (l) => lines.push(l));
    let windows = 0;
    let early = 0;
    const disagree: string[] = [];
    const scorer = new WindowScorer(model, (s) => {
      windows++;
      const full = predictProba(model.forest, s.features);
      let probe = 0;
      for (let t = 0; t < PROBE_TREES; t++) probe += treeLeafValue(model.forest, t, s.features);
      if (probe < PROBE_FLOOR * PROBE_TREES) early++;
      if (s.probability >= model.threshold !== full >= model.threshold) disagree.push(`${s.client} ${s.probability} ${full}`);
      if (s.probability !== full) expect(s.probability).toBeLessThan(PROBE_FLOOR);
    });
    const parser = createParser('combined', {});
    const sink: ParseSink = { event: (e) => scorer.push(e), error: () => {}, ignored: () => {} };
    lines.forEach((l, i) => parser.line(l, i + 1, 0, sink));
    scorer.flush();
    expect(disagree).toEqual([]);
    expect(windows).toBeGreaterThan(5_000);
    expect(early / windows).toBeGreaterThan(0.5); // most windows are ordinary traffic
  });
});

describe('model alerts beside a distributed-stuffing alert, live', () => {
  /** Detector and model side by side as the engine runs them: the bots given model alerts before and after the rule alert opened. */
  function live(named: boolean): { before: string[]; after: string[]; bots: Set<string> } {
    const before: string[] = [];
    const after: string[] = [];
    let bots = new Set<string>();
    let alerter: ModelAlerter | null = null;
    const detector = new Detector(defaultConfig(), {
      alert(a, change) {
        if (a.keyKind === 'target') bots = new Set(a.clients);
        alerter!.ruleAlert(a, change);
      },
    });
    alerter = new ModelAlerter(model, 60_000, {
      sink: { alert: (a, change) => void (change === 'opened' && (bots.size === 0 ? before : after).push(a.key)) },
      ...(named ? { namedByRule: (c: string) => detector.namesClient(c) } : {}),
    });
    // 80 bots (the endpoint rule names them from 50 on), one failed login each, 1.5 s apart.
    const events = Array.from({ length: 80 }, (_, i) => ev(i * 1_500, `198.51.100.${i + 1}`, 'POST', '/api/v1/auth/login', 401));
    events.push(ev(130_000, '203.0.113.9', 'GET', '/', 200), ev(120_000 + CONFIRM_MS + 60_000, '203.0.113.9', 'GET', '/', 200));
    for (const e of events.sort((a, b) => a.time - b.time)) {
      alerter.push(e);
      detector.push(e);
    }
    detector.finish();
    alerter.finish();
    return { before, after, bots };
  }

  it('raise none for bots the rule alert names, though it reports its list only in steps', () => {
    const without = live(false);
    expect(without.bots.size).toBe(80);
    // The model is first on the earliest bots (their windows are confirmed before 50 IPs have failed) …
    expect(without.before.length).toBeGreaterThan(0);
    // … and, not asking the detector, it also alerted bots the rule alert had not reported yet.
    expect(without.after.filter((c) => without.bots.has(c)).length).toBeGreaterThan(0);
    const withNames = live(true);
    expect(withNames.before).toEqual(without.before);
    expect(withNames.after.filter((c) => withNames.bots.has(c))).toEqual([]);
  });
});
