import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { coreDeps } from '../../electron/engine/core-deps';
import { Engine } from '../../electron/engine/engine';
import { line, tempDir, waitFor } from './helpers';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

/** Normal traffic with a burst, a scan, auth abuse, 404 probing and SQL injection mixed in. */
function attackLog(): string {
  const base = Date.UTC(2024, 2, 1, 12, 0, 0);
  const out: string[] = [];
  for (let i = 0; i < 4000; i++) {
    const t = base + i * 250;
    const k = i % 40;
    if (i >= 500 && i < 700 && k < 20) out.push(line(i, { client: '203.0.113.5', time: t })); // burst
    else if (i >= 1000 && i < 1400 && k < 6) out.push(line(i, { client: '198.51.100.7', time: t, path: `/admin/p${i}/x${k}`, status: 404 }));
    else if (i >= 2000 && i < 2200 && k < 8) out.push(line(i, { client: '192.0.2.9', time: t, path: '/login', status: 401 }));
    else if (i >= 3000 && i < 3100 && k < 5) out.push(line(i, { client: '192.0.2.66', time: t, path: `/items?id=1%27%20OR%201=1--${i}` }));
    else out.push(line(i, { client: `10.1.${(i >> 6) & 255}.${i % 50}`, time: t, path: `/api/items/${i % 97}` }));
  }
  return out.join('\n') + '\n';
}

async function finalAlerts(e: Engine) {
  return e.queries.alerts.list({ limit: 1000, sort: { field: 'firstSeen', dir: 'asc' } }).rows.map((a) => ({
    rule: a.rule, key: a.key, keyKind: a.keyKind, count: a.count, firstSeen: a.firstSeen, lastSeen: a.lastSeen,
    severity: a.severity, risk: a.risk, active: a.active,
    evidence: null as null | unknown,
    uid: a.uid,
  }));
}

describe('replay vs live', () => {
  it('importing a file and tailing the same bytes appended in pieces give the same alerts', async () => {
    const text = attackLog();
    const replayLog = join(tmp.dir, 'replay.log');
    writeFileSync(replayLog, text);
    const replay = await Engine.start({ dataDir: join(tmp.dir, 'replay'), deps: coreDeps });
    await replay.importFile(replayLog);

    const liveLog = join(tmp.dir, 'live.log');
    writeFileSync(liveLog, '');
    const live = await Engine.start({ dataDir: join(tmp.dir, 'live'), deps: coreDeps, batchMaxMs: 5, chunkBytes: 4096 });
    await live.addWatch(liveLog, 'combined');
    // Pieces of arbitrary size that cut lines anywhere, with the engine catching up in between.
    let pos = 0;
    let seed = 3;
    while (pos < text.length) {
      seed = (seed * 48_271) % 2_147_483_647;
      const n = 1 + (seed % 20_000);
      appendFileSync(liveLog, text.slice(pos, pos + n));
      pos += n;
      if (seed % 4 === 0) {
        const target = text.slice(0, pos).split('\n').length - 1;
        await waitFor(() => live.sourceStatuses()[0]!.lines >= target, `live caught up to ${target}`);
      }
    }
    await waitFor(() => live.sourceStatuses()[0]!.lines === 4000, 'all 4000 lines live');
    await live.stop();
    await replay.stop();

    const reopen = async (dir: string) => Engine.start({ dataDir: join(tmp.dir, dir), deps: coreDeps });
    const [r, l] = [await reopen('replay'), await reopen('live')];
    try {
      const ra = await finalAlerts(r);
      const la = await finalAlerts(l);
      expect(ra.length).toBeGreaterThanOrEqual(4);
      const strip = (xs: typeof ra) => xs.map(({ uid: _u, ...x }) => x);
      expect(strip(la)).toEqual(strip(ra));
      expect(new Set(ra.map((a) => a.rule))).toContain('burst');
      // Evidence cites the same lines.
      for (let i = 0; i < ra.length; i++) {
        const re = (await r.queries.alerts.detail(ra[i]!.uid)).evidence.map((x) => [x.line, x.raw]);
        const le = (await l.queries.alerts.detail(la[i]!.uid)).evidence.map((x) => [x.line, x.raw]);
        expect(le).toEqual(re);
      }
    } finally {
      await r.stop();
      await l.stop();
    }
  });
});
