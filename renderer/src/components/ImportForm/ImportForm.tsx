import { useState } from 'react';
import type { FormatId, ImportResult } from '../../../../electron/contract/types';
import { useLive } from '../../live/LiveContext';
import { useSubmit } from '../../live/useSubmit';
import { ErrorState } from '../States/States';
import { BrowseButton } from '../BrowseButton/BrowseButton';
import { FormatSelect } from '../FormatSelect/FormatSelect';
import { importProgress, importSource, importSummary } from './import-progress';

/**
 * Offline investigation: reads an exported log once into the store (`import.file`), showing how far it got
 * from the pushed source status while it runs. A file already imported is not counted twice.
 */
export function ImportForm() {
  const { bridge, sources } = useLive();
  const [path, setPath] = useState('');
  const [format, setFormat] = useState<FormatId | ''>('');
  const [reading, setReading] = useState<string | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const { busy, error, run } = useSubmit();
  const progress = reading !== null ? importProgress(importSource(sources ?? [], reading)) : null;

  const start = (p: string) =>
    run(async () => {
      setResult(null);
      setReading(p);
      try {
        setResult(await bridge.request('import.file', { path: p, format: format || undefined }));
        setPath('');
      } finally {
        setReading(null);
      }
    });

  return (
    <form
      className="inline-form"
      aria-label="Import a log file"
      onSubmit={(e) => {
        e.preventDefault();
        if (path.trim() && !busy) void start(path.trim());
      }}
    >
      <input aria-label="Path to import" placeholder="/path/to/exported/access.log or .gz" value={path} maxLength={4096} onChange={(e) => setPath(e.target.value)} />
      <BrowseButton purpose="import" onPick={setPath} />
      <FormatSelect label="Import format" value={format} onChange={setFormat} />
      <button type="submit" disabled={busy || !path.trim()}>
        {busy ? 'Importing…' : 'Import'}
      </button>
      {progress && (
        <span className="small" role="status" aria-label="Import progress">
          {progress.fraction !== null && <progress max={1} value={progress.fraction} />} {progress.text}
        </span>
      )}
      {result && (
        <p className="muted" role="status" aria-label="Import result">
          {importSummary(result)}
        </p>
      )}
      {error && <ErrorState error={{ message: error }} />}
    </form>
  );
}
