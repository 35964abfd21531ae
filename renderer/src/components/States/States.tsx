import type { ReactNode } from 'react';
import { errorText } from '../../format';

export function Loading({ what }: { what: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      Loading {what}…
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state state-empty">{children}</div>;
}

export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  return (
    <div className="state state-error" role="alert">
      <span>{errorText(error)}</span>
      {retry && (
        <button type="button" onClick={retry}>
          Retry
        </button>
      )}
    </div>
  );
}

/** Loading on first load, error when there is no data to show, else the content (stale data stays visible while reloading). */
export function QueryView<T>({ q, what, children }: { q: { data: T | null; error: Error | null; reload(): void }; what: string; children: (d: T) => ReactNode }) {
  if (q.data === null && q.error) return <ErrorState error={q.error} retry={q.reload} />;
  if (q.data === null) return <Loading what={what} />;
  return (
    <>
      {q.error && <ErrorState error={q.error} retry={q.reload} />}
      {children(q.data)}
    </>
  );
}
