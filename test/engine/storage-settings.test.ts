import { describe, expect, it } from 'vitest';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clfTime, count, perTestEngine, startEngine, waitFor } from './helpers';

const fx = perTestEngine();

const BASE = Date.UTC(2024, 0, 10);
const DAY = 86_400_000;
/** One request a minute for `days` days. */
function days(n: number): string {
  const out: string[] = [];
  for (let t = BASE; t < BASE + n * DAY; t += 60_000) out.push(`10.0.0.${(t / 60_000) % 200} - - [${clfTime(t)}] "GET /a HTTP/1.1" 200 5 "-" "k"`);
  return out.join('\n') + '\n';
}

describe('storage limits chosen in the app', () => {
  it('are saved, put in force at once, and kept across a restart', async () => {
    const data = join(fx.dir, 'data');
    const log = join(fx.dir, 'a.log');
    writeFileSync(log, days(10));
    let engine = (fx.engine = await startEngine(data, { pollMs: 50 }));
    await engine.importFile(log);
    const before = engine.storage.info();
    expect(before).toMatchObject({ origin: 'none', limits: { keepDays: null, maxDbMb: null }, events: 14_400, oldest: BASE });
    expect(before.usedBytes).toBeGreaterThan(0);
    expect(before.fileBytes).toBeGreaterThanOrEqual(statSync(join(data, 'api-shield.sqlite')).size);

    const set = engine.storage.set({ keepDays: 3, maxDbMb: null });
    expect(set).toMatchObject({ origin: 'settings', limits: { keepDays: 3, maxDbMb: null }, saved: { keepDays: 3, maxDbMb: null } });
    // Retention runs at the next poll: whole hours older than 3 days before the newest event go.
    const newest = BASE + 10 * DAY - 60_000;
    const cut = Math.floor((newest - 3 * DAY) / 3_600_000) * 3_600_000;
    await waitFor(() => count(engine, 'SELECT MIN(time) AS n FROM events') === cut, 'the old days deleted');
    expect(engine.storage.info().events).toBe((newest - cut) / 60_000 + 1);
    await engine.stop();

    engine = fx.engine = await startEngine(data);
    expect(engine.storage.info()).toMatchObject({ origin: 'settings', limits: { keepDays: 3, maxDbMb: null } });
    expect(engine.retention.enabled).toBe(true);
    engine.storage.set({ keepDays: null, maxDbMb: null });
    expect(engine.retention.enabled).toBe(false);
    expect(engine.storage.info().origin).toBe('none');
  });

  it('command-line limits win for their run; the saved ones still show and return without them', async () => {
    const data = join(fx.dir, 'data');
    let engine = (fx.engine = await startEngine(data));
    engine.storage.set({ keepDays: 30, maxDbMb: 2048 });
    await engine.stop();
    engine = fx.engine = await startEngine(data, { retention: { maxAgeMs: 7 * DAY } });
    expect(engine.storage.info()).toMatchObject({ origin: 'flags', limits: { keepDays: 7, maxDbMb: null }, saved: { keepDays: 30, maxDbMb: 2048 } });
    await engine.stop();
    engine = fx.engine = await startEngine(data);
    expect(engine.storage.info()).toMatchObject({ origin: 'settings', limits: { keepDays: 30, maxDbMb: 2048 } });
  });
});
