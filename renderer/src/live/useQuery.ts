import { useEffect, useRef, useState } from 'react';
import type { ShieldBridge } from '../../../electron/contract/bridge';
import { useLive } from './LiveContext';

export interface QueryState<T> {
  data: T | null;
  error: Error | null;
  loading: boolean;
  /** Runs the query again now (after a mutation). */
  reload(): void;
}

/**
 * Runs `run` when `key` changes (a string of everything the query depends on, revisions included).
 * Coalesces: while one run is in flight, further changes collapse into a single run after it, so a burst of
 * pushed events never stacks requests. Keeps the last data while reloading.
 */
export function useQuery<T>(run: (bridge: ShieldBridge) => Promise<T>, key: string, enabled = true): QueryState<T> {
  const { bridge, connection } = useLive();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(true);
  const [nonce, setNonce] = useState(0);
  const runRef = useRef(run);
  runRef.current = run;
  const busy = useRef(false);
  const again = useRef(false);
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  useEffect(() => {
    if (!enabled || connection !== 'open') return;
    const go = () => {
      if (busy.current) {
        again.current = true;
        return;
      }
      busy.current = true;
      setLoading(true);
      runRef.current(bridge).then(
        (d) => {
          if (!alive.current) return;
          setData(d);
          setError(null);
        },
        (e: Error) => alive.current && setError(e),
      ).finally(() => {
        busy.current = false;
        if (!alive.current) return;
        setLoading(false);
        if (again.current) {
          again.current = false;
          go();
        }
      });
    };
    go();
  }, [bridge, connection, key, nonce, enabled]);

  return { data, error, loading, reload: () => setNonce((n) => n + 1) };
}
