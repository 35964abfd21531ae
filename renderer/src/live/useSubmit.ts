import { useCallback, useState } from 'react';
import { errorText } from '../format';

/**
 * A form's request: `busy` while it runs, the error text if it failed (cleared on the next try). The forms
 * that change alerts and the allowlist each wrote this try/catch/finally out.
 */
export function useSubmit(): { busy: boolean; error: string | null; run: (action: () => Promise<void>) => Promise<void> } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run };
}
