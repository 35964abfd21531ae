import { useState } from 'react';
import type { FormatId, SourceStatus } from '../../../electron/contract/types';
import { Empty, ErrorState, QueryView } from '../components/States/States';
import { errorText, fmtCompact, fmtInt, fmtTime } from '../format';
import { useLive } from '../live/LiveContext';
import { useQuery } from '../live/useQuery';
import { TableHead } from '../components/TableHead/TableHead';
import { BrowseButton } from '../components/BrowseButton/BrowseButton';
import { FormatSelect } from '../components/FormatSelect/FormatSelect';
import { ImportForm } from '../components/ImportForm/ImportForm';
import { StoragePanel } from '../components/StoragePanel/StoragePanel';

const BAD_STATES = new Set(['error', 'missing', 'unknown-format']);

function SourceDetailPanel({ id }: { id: number }) {
  const { trafficRev } = useLive();
  const q = useQuery((b) => b.request('sources.detail', { id, errorLimit: 20 }), `${id}|${trafficRev}`);
  return (
    <section className="panel" aria-label="Source detail">
      <QueryView q={q} what="source">
        {(d) => (
          <>
            <h3 className="mono">{d.path}</h3>
            <p className="muted">
              {d.format ?? 'format not detected'} · {d.state}
              {d.lastError && ` · ${d.lastError}`} · line {fmtInt(d.line)} · byte {fmtInt(d.offset)} of {fmtInt(d.size)} · {d.rotations} rotation(s) ·
              updated {fmtTime(d.updatedAt)}
            </p>
            <h4>Parse errors ({fmtInt(d.parseErrors)})</h4>
            {d.errorExamples.length === 0 ? (
              <Empty>No parse errors.</Empty>
            ) : (
              <table className="dense" aria-label="Parse error examples">
                <TableHead cols={['line', 'reason', 'sample']} />
                <tbody>
                  {d.errorExamples.map((e) => (
                    <tr key={`${e.line}:${e.offset}`}>
                      <td className="num">{e.line}</td>
                      <td title={e.message}>{e.code}</td>
                      <td>
                        <pre className="raw">{e.sample}</pre>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </QueryView>
    </section>
  );
}

function AddWatch({ onAdded }: { onAdded: () => void }) {
  const { bridge } = useLive();
  const [spec, setSpec] = useState('');
  const [format, setFormat] = useState<FormatId | ''>('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="inline-form"
      aria-label="Add watch"
      onSubmit={(e) => {
        e.preventDefault();
        if (!spec.trim()) return;
        bridge.request('sources.add', { spec: spec.trim(), format: format || undefined }).then(
          () => {
            setSpec('');
            setError(null);
            onAdded();
          },
          (err) => setError(errorText(err)),
        );
      }}
    >
      <input aria-label="Path to watch" placeholder="/var/log/nginx/access.log, a folder, or dir/*.log" value={spec} maxLength={4096} onChange={(e) => setSpec(e.target.value)} />
      <BrowseButton purpose="watch" onPick={setSpec} />
      <FormatSelect label="Format" value={format} onChange={setFormat} />
      <button type="submit">Add watch</button>
      {error && <ErrorState error={{ message: error }} />}
    </form>
  );
}

/** Watched paths, the files they resolved to (state, position, rates, parse errors), and their detail. */
export function SourcesPage() {
  const { bridge, sources } = useLive();
  const [selected, setSelected] = useState<number | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const watches = useQuery((b) => b.request('sources.watches', {}), `${(sources ?? []).length}`);
  const list: SourceStatus[] = sources ?? [];
  return (
    <div className="page sources-page">
      <section className="panel" aria-label="Watches">
        <h3>Watches</h3>
        <AddWatch onAdded={watches.reload} />
        {removeError && <ErrorState error={{ message: removeError }} />}
        <QueryView q={watches} what="watches">
          {(ws) =>
            ws.length === 0 ? (
              <Empty>Nothing watched. Add a log file, a folder or a glob above.</Empty>
            ) : (
              <ul className="plain watches">
                {ws.map((w) => (
                  <li key={w.id}>
                    <span className="mono">{w.spec}</span> <span className="muted">{w.format ?? 'auto'}</span>{' '}
                    <button
                      type="button"
                      aria-label={`Remove watch ${w.spec}`}
                      onClick={() =>
                        bridge.request('sources.remove', { watchId: w.id }).then(
                          () => watches.reload(),
                          (e) => setRemoveError(errorText(e)),
                        )
                      }
                    >
                      Remove
                    </button>
                  </li>
                ))}
              </ul>
            )
          }
        </QueryView>
      </section>
      <section className="panel" aria-label="Import">
        <h3>Import a file once</h3>
        <p className="muted small">
          An exported log read into the store for investigation, without following it. A file already imported is not read again.
        </p>
        <ImportForm />
      </section>
      <section className="panel" aria-label="Sources">
        <h3>Files</h3>
        {sources === null ? (
          <Empty>Loading sources…</Empty>
        ) : list.length === 0 ? (
          <Empty>No files found yet.</Empty>
        ) : (
          <table className="dense" aria-label="Source files">
            <TableHead
              cols={['file', 'format', 'state', 'lines', 'events', 'parse errors', 'lines/s']}
              num={['lines', 'events', 'parse errors', 'lines/s']}
            />
            <tbody>
              {list.map((s) => (
                <tr key={s.id} aria-selected={selected === s.id} className={selected === s.id ? 'selected' : ''} onClick={() => setSelected(s.id)}>
                  <td className="mono ellipsis" title={s.path}>
                    <button type="button" className="link" onClick={() => setSelected(s.id)}>
                      {s.path}
                    </button>
                  </td>
                  <td>{s.format ?? '—'}</td>
                  <td className={BAD_STATES.has(s.state) ? 'bad' : ''}>{s.state}</td>
                  <td className="num">{fmtCompact(s.lines)}</td>
                  <td className="num">{fmtCompact(s.events)}</td>
                  <td className={`num ${s.parseErrors ? 'warn' : ''}`}>{fmtInt(s.parseErrors)}</td>
                  <td className="num">{fmtInt(s.rate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {selected !== null && <SourceDetailPanel id={selected} />}
      <StoragePanel />
    </div>
  );
}
