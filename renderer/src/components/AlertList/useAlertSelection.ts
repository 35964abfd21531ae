import { useCallback, useRef, useState } from 'react';
import { toggleOne, togglePage, toggleRange, type Selection } from './selection';

export interface AlertSelection {
  uids: Selection;
  /** A row's checkbox (or `x`); with `range`, everything from the last toggled row to this one. */
  toggle(uid: number, pageUids: readonly number[], range?: boolean): void;
  togglePage(pageUids: readonly number[]): void;
  clear(): void;
}

export function useAlertSelection(): AlertSelection {
  const [uids, setUids] = useState<Selection>(() => new Set());
  const anchor = useRef<number | null>(null);
  const toggle = useCallback((uid: number, pageUids: readonly number[], range = false) => {
    // Read now: React runs the updater later, after the anchor has moved to this row.
    const from = anchor.current;
    setUids((s) => (range ? toggleRange(s, pageUids, from, uid) : toggleOne(s, uid)));
    anchor.current = uid;
  }, []);
  const page = useCallback((pageUids: readonly number[]) => setUids((s) => togglePage(s, pageUids)), []);
  const clear = useCallback(() => {
    setUids(new Set());
    anchor.current = null;
  }, []);
  return { uids, toggle, togglePage: page, clear };
}
