import type { EngineClient } from '../engine/client';
import { DemoFeed, demoLogPath } from '../serve/demo-feed';

/**
 * `npm start` opens the app on a live demo feed (API_SHIELD_DEMO=1, set by scripts/start.mjs): generated
 * traffic with attacks appended to <data-dir>/demo/demo-access.log and watched. Returns a stop function.
 */
export async function startDemoFeed(engine: EngineClient, dataDir: string, env: Record<string, string | undefined>): Promise<(() => void) | null> {
  if (env.API_SHIELD_DEMO !== '1') return null;
  const feed = new DemoFeed({ file: demoLogPath(dataDir), linesPerSecond: Number(env.API_SHIELD_DEMO_RATE) || 20 });
  feed.pump(Date.now() + 1000);
  const watches = await engine.request('sources.watches', {});
  if (!watches.some((w) => w.spec === feed.file)) await engine.request('sources.add', { spec: feed.file, format: 'combined' });
  feed.start();
  return () => feed.stop();
}
