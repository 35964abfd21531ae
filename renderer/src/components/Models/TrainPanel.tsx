import { useEffect, useState } from 'react';
import type { ModelProgress, TrainRequest } from '../../../../electron/contract/types';
import { errorText, fmtDuration } from '../../format';
import { useLive } from '../../live/LiveContext';

/**
 * Retraining on the analyst's machine: labels from their verdicts (alerts marked true-positive, false-positive
 * or benign) or a ground-truth file, events from the store or given log files. Trees grow in worker threads;
 * progress arrives as `model.progress` events; the new version is stored with its metrics.
 */
export function TrainPanel({ onTrained }: { onTrained: () => void }) {
  const { bridge } = useLive();
  const [labels, setLabels] = useState<'verdicts' | 'truth'>('verdicts');
  const [truthPath, setTruthPath] = useState('');
  const [logPaths, setLogPaths] = useState('');
  const [trees, setTrees] = useState(100);
  const [activate, setActivate] = useState(false);
  const [progress, setProgress] = useState<ModelProgress | null>(null);
  const [running, setRunning] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => bridge.on('model.progress', setProgress), [bridge]);

  const start = () => {
    if (labels === 'truth' && truthPath.trim() === '') return setMessage('Give the path of a ground-truth CSV.');
    const paths = logPaths.split('\n').map((s) => s.trim()).filter(Boolean);
    const req: TrainRequest = {
      labels: labels === 'verdicts' ? 'verdicts' : { truthPath: truthPath.trim() },
      trees,
      activate,
      ...(paths.length > 0 ? { logPaths: paths } : {}),
    };
    setRunning(true);
    setMessage(null);
    bridge.request('models.train', req).then(
      (v) => {
        setRunning(false);
        setMessage(`Stored version ${v.version}${v.active ? ', now active' : ''}.`);
        onTrained();
      },
      (e) => {
        setRunning(false);
        setMessage(errorText(e));
      },
    );
  };
  const cancel = () => void bridge.request('models.cancel', {}).catch((e) => setMessage(errorText(e)));

  const p = progress;
  return (
    <section className="panel" aria-label="Retrain">
      <h2>Retrain</h2>
      <fieldset disabled={running}>
        <label>
          <input type="radio" name="labels" checked={labels === 'verdicts'} onChange={() => setLabels('verdicts')} /> labels from my verdicts
        </label>
        <label>
          <input type="radio" name="labels" checked={labels === 'truth'} onChange={() => setLabels('truth')} /> labels from a ground-truth CSV
        </label>
        {labels === 'truth' && (
          <input className="mono" aria-label="Ground-truth CSV path" placeholder="/path/to/demo.truth.csv" value={truthPath} onChange={(e) => setTruthPath(e.target.value)} />
        )}
        <label className="block">
          log files (one per line; empty: the stored events)
          <textarea className="mono" aria-label="Log files to train on" rows={2} value={logPaths} onChange={(e) => setLogPaths(e.target.value)} />
        </label>
        <label>
          trees <input type="number" aria-label="Trees" min={1} max={1000} value={trees} onChange={(e) => setTrees(Number(e.target.value) || 1)} />
        </label>
        <label>
          <input type="checkbox" checked={activate} onChange={(e) => setActivate(e.target.checked)} /> activate when done
        </label>
      </fieldset>
      <div className="row">
        <button type="button" onClick={start} disabled={running}>
          Train
        </button>
        <button type="button" onClick={cancel} disabled={!running}>
          Cancel
        </button>
      </div>
      {p && (running || p.phase !== 'training') && (
        <div className="small" role="status" aria-label="Training progress">
          {p.phase}: {p.treesDone}/{p.treesTotal} trees, {p.windows.toLocaleString('en-US')} windows, {fmtDuration(p.elapsedMs)} elapsed
          {p.etaMs >= 0 && p.phase === 'training' ? `, about ${fmtDuration(p.etaMs)} left` : ''}
          {p.treesTotal > 0 && <progress max={p.treesTotal} value={p.treesDone} />}
          {p.error && <span className="state-error"> {p.error}</span>}
        </div>
      )}
      {message && (
        <div className="state" role="alert">
          {message}
        </div>
      )}
    </section>
  );
}
