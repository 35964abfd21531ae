import { useState } from 'react';
import type { ModelDetail, ModelVersionInfo } from '../../../../electron/contract/types';
import { errorText, fmtPct, fmtTime } from '../../format';
import { useLive } from '../../live/LiveContext';
import { TableHead } from '../TableHead/TableHead';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : fmtPct(x));

/** The stored model versions: metrics on held-out clients, which one scores live traffic, activate / roll back. */
export function ModelVersions({ versions, onChanged }: { versions: ModelVersionInfo[]; onChanged: () => void }) {
  const { bridge } = useLive();
  const [detail, setDetail] = useState<ModelDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const activate = (version: number) =>
    bridge.request('models.activate', { version }).then(
      () => {
        setError(null);
        onChanged();
      },
      (e) => setError(errorText(e)),
    );
  const open = (version: number) =>
    bridge.request('models.detail', { version }).then(setDetail, (e) => setError(errorText(e)));
  return (
    <section className="panel" aria-label="Model versions">
      <h2>Versions</h2>
      {error && (
        <div className="state state-error" role="alert">
          {error}
        </div>
      )}
      <table className="dense" aria-label="Model versions">
        <TableHead cols={['version', 'created', 'source', 'trees', 'client F1', 'window F1', 'ROC-AUC', 'threshold', 'state']} />
        <tbody>
          {versions.map((v) => (
            <tr key={v.version} className={v.active ? 'selected' : ''}>
              <td>
                <button type="button" className="link" onClick={() => void open(v.version)} aria-label={`Details of version ${v.version}`}>
                  v{v.version}
                </button>
              </td>
              <td className="mono small">{fmtTime(v.createdAt)}</td>
              <td className="small">{v.source}</td>
              <td>{v.trees}</td>
              <td>{pct(v.summary?.clientF1)}</td>
              <td>{pct(v.summary?.f1)}</td>
              <td>{v.summary?.rocAuc?.toFixed(3) ?? '—'}</td>
              <td>{v.threshold.toFixed(2)}</td>
              <td>
                {v.active ? (
                  <span className="badge">active</span>
                ) : (
                  <button type="button" onClick={() => void activate(v.version)} aria-label={`Activate version ${v.version}`}>
                    Activate
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {detail && <VersionDetail d={detail} onClose={() => setDetail(null)} />}
    </section>
  );
}

function VersionDetail({ d, onClose }: { d: ModelDetail; onClose: () => void }) {
  const m = d.metrics;
  return (
    <div className="detail" aria-label={`Version ${d.version} details`}>
      <h3>
        v{d.version} <button type="button" onClick={onClose} aria-label="Close details">×</button>
      </h3>
      {m ? (
        <>
          <p className="small muted">
            evaluated on {m.evaluatedOn === 'test' ? 'held-out clients' : 'the training rows'}; threshold {m.threshold.toFixed(2)}; average precision{' '}
            {m.averagePrecision?.toFixed(3) ?? '—'}
          </p>
          <table className="dense" aria-label="Confusion matrix (clients)">
            <TableHead cols={['clients', 'flagged', 'not flagged']} />
            <tbody>
              <tr>
                <th scope="row">attackers</th>
                <td>{m.clients.confusion.tp}</td>
                <td>{m.clients.confusion.fn}</td>
              </tr>
              <tr>
                <th scope="row">benign</th>
                <td>{m.clients.confusion.fp}</td>
                <td>{m.clients.confusion.tn}</td>
              </tr>
            </tbody>
          </table>
          <h4>Recall by attack type</h4>
          <ul className="small">
            {Object.entries(m.byAttackType).map(([t, r]) => (
              <li key={t}>
                {t}: {r.detected}/{r.clients} ({fmtPct(r.recall)})
              </li>
            ))}
          </ul>
          <h4>Most important features</h4>
          <ol className="small mono">
            {m.featureImportance.slice(0, 10).map((f) => (
              <li key={f.feature}>
                {f.feature} {fmtPct(f.importance)}
              </li>
            ))}
          </ol>
        </>
      ) : (
        <p className="muted">No metrics were stored with this version.</p>
      )}
      {d.trainingSet && <p className="small muted">trained on {d.trainingSet.total.windows.toLocaleString('en-US')} windows</p>}
    </div>
  );
}
