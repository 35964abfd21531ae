import { useState } from 'react';
import { errorText } from '../../format';
import { useLive } from '../../live/LiveContext';
import { useAnalyst } from './analyst';

export function NoteForm({ uid, onDone }: { uid: number; onDone: () => void }) {
  const { bridge } = useLive();
  const [analyst] = useAnalyst();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="note-form"
      aria-label="Add note"
      onSubmit={(e) => {
        e.preventDefault();
        if (!text.trim()) return;
        bridge.request('alerts.addNote', { uid, who: analyst.trim() || 'analyst', text: text.trim() }).then(
          () => {
            setText('');
            setError(null);
            onDone();
          },
          (err) => setError(errorText(err)),
        );
      }}
    >
      <textarea aria-label="Note" rows={2} maxLength={10_000} value={text} onChange={(e) => setText(e.target.value)} />
      <button type="submit" disabled={!text.trim()}>
        Add note
      </button>
      {error && <div className="state state-error">{error}</div>}
    </form>
  );
}
