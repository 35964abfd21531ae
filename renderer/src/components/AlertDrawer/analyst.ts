import { useState } from 'react';

const KEY = 'api-shield.analyst';

/** The analyst's name for triage records, remembered in this browser. */
export function useAnalyst(): [string, (v: string) => void] {
  const [name, setName] = useState(() => {
    try {
      return localStorage.getItem(KEY) ?? 'analyst';
    } catch {
      return 'analyst';
    }
  });
  return [
    name,
    (v: string) => {
      setName(v);
      try {
        localStorage.setItem(KEY, v);
      } catch {
        // storage disabled: keep it for this session only
      }
    },
  ];
}
