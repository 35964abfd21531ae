import { makeEvent, type AccessEvent } from '@core/events/event';
import type { Alert, AlertChange } from '@core/detect/alert';
import { defaultConfig, mergeConfig, type DetectionConfig } from '@core/detect/config';
import { Detector } from '@core/detect/detector';

/** 2024-05-01T10:00:00Z: a base log time that does not sit on any round boundary used by the rules. */
export const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);

export interface Recorded {
  changes: { change: AlertChange; alert: Alert }[];
  /** Final state of every episode, by id, in opening order. */
  finals: Map<string, Alert>;
  detector: Detector;
}

export function config(overrides: unknown = {}): DetectionConfig {
  const { config: c, errors } = mergeConfig(defaultConfig(), overrides);
  if (errors.length) throw new Error(errors.join('; '));
  return c;
}

export function run(events: AccessEvent[], cfg: DetectionConfig = defaultConfig(), finish = true): Recorded {
  const changes: Recorded['changes'] = [];
  const finals = new Map<string, Alert>();
  const detector = new Detector(cfg, {
    alert(alert, change) {
      changes.push({ change, alert });
      finals.set(alert.id, alert);
    },
  });
  for (const e of events) detector.push(e);
  if (finish) detector.finish();
  return { changes, finals, detector };
}

export function alertsOf(r: Recorded, rule?: string): Alert[] {
  return [...r.finals.values()].filter((a) => rule === undefined || a.rule === rule);
}

export function rulesOf(r: Recorded): string[] {
  return [...new Set(alertsOf(r).map((a) => a.rule))].sort();
}

let line = 0;
/** A request event with sensible defaults; times are offsets in ms from T0. */
export function req(atMs: number, fields: Partial<AccessEvent> = {}): AccessEvent {
  return makeEvent({
    time: T0 + atMs,
    client: '203.0.113.7',
    method: 'GET',
    path: '/api/items',
    protocol: 'HTTP/1.1',
    status: 200,
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0',
    line: ++line,
    offset: line * 100,
    ...fields,
  });
}

/** n events spread evenly over spanMs starting at startMs. */
export function spread(n: number, startMs: number, spanMs: number, f: (i: number) => Partial<AccessEvent> = () => ({})): AccessEvent[] {
  const out: AccessEvent[] = [];
  for (let i = 0; i < n; i++) out.push(req(startMs + (n > 1 ? Math.floor((i * spanMs) / (n - 1)) : 0), f(i)));
  return out;
}
