import { useEffect, useState } from 'react';
import type { ModelScoreResult } from '../../../../electron/contract/types';
import { errorText, fmtPct } from '../../format';
import { useLive } from '../../live/LiveContext';

/** The prototype's /detect: one hand-entered window, scored by the active model, with the action ladder. */
export function ScoreForm() {
  const { bridge } = useLive();
  const [names, setNames] = useState<string[]>([]);
  const [values, setValues] = useState<Record<string, string>>({});
  const [result, setResult] = useState<ModelScoreResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    bridge.request('model.features', {}).then(
      (f) => {
        setNames(f.names);
        setValues(Object.fromEntries(f.names.map((n) => [n, '0'])));
      },
      (e) => setError(errorText(e)),
    );
  }, [bridge]);

  const score = () => {
    const features: Record<string, number> = {};
    for (const n of names) {
      const v = Number(values[n]);
      if (!Number.isFinite(v)) return setError(`${n}: '${values[n]}' is not a number`);
      features[n] = v;
    }
    bridge.request('model.score', { features }).then(
      (r) => {
        setError(null);
        setResult(r);
      },
      (e) => setError(errorText(e)),
    );
  };

  return (
    <section className="panel" aria-label="Score a sample">
      <h2>Score a sample</h2>
      <p className="small muted">One 10-second window of one client, feature by feature (the prototype's /detect).</p>
      <div className="feature-grid">
        {names.map((n) => (
          <label key={n} className="small mono">
            {n}
            <input aria-label={n} value={values[n] ?? ''} onChange={(e) => setValues({ ...values, [n]: e.target.value })} />
          </label>
        ))}
      </div>
      <button type="button" onClick={score} disabled={names.length === 0}>
        Score
      </button>
      {error && (
        <div className="state state-error" role="alert">
          {error}
        </div>
      )}
      {result && (
        <div aria-label="Score result">
          <p>
            P(attack) <strong>{fmtPct(result.probability)}</strong> with model v{result.version}:{' '}
            <strong>{result.action}</strong>
            {result.attack ? ' (the engine would raise a model alert)' : ''}
          </p>
          <ol className="small">
            {result.ladder.map((r) => (
              <li key={r.action} className={result.probability >= r.min ? 'on' : 'muted'}>
                ≥ {fmtPct(r.min)}: {r.action}
              </li>
            ))}
          </ol>
          {result.drivers.length > 0 && (
            <p className="small muted">driven by {result.drivers.slice(0, 5).map((d) => `${d.feature} (+${fmtPct(d.contribution)})`).join(', ')}</p>
          )}
        </div>
      )}
    </section>
  );
}
