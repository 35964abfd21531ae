import { useLive } from '../../live/LiveContext';

/** Says when the dashboard is not looking at a healthy, connected engine. Silent when all is well. */
export function EngineBanner() {
  const { connection, engine } = useLive();
  if (connection !== 'open') {
    return (
      <div className="banner banner-bad" role="alert" aria-label="Engine connection">
        {connection === 'connecting' ? 'Connecting to the engine…' : 'Connection to the engine lost — reconnecting…'}
      </div>
    );
  }
  if (!engine || engine.state === 'running') return null;
  const text =
    engine.state === 'degraded'
      ? `Engine degraded: reading paused, retrying${engine.lastError ? ` (${engine.lastError.code}: ${engine.lastError.message})` : ''}`
      : `Engine ${engine.state}`;
  return (
    <div className={`banner ${engine.state === 'degraded' ? 'banner-warn' : 'banner-bad'}`} role="alert" aria-label="Engine state">
      {text}
    </div>
  );
}
