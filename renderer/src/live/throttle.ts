/**
 * Coalesces bursts of pushed events into at most one refresh per interval: the first change refreshes at
 * once, the changes during the following interval collapse into one refresh at its end.
 */
export function throttled(fn: () => void, intervalMs: number): { trigger(): void; cancel(): void } {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = () => {
    timer = null;
    last = Date.now();
    fn();
  };
  return {
    trigger() {
      if (timer) return;
      const wait = last + intervalMs - Date.now();
      if (wait <= 0) run();
      else timer = setTimeout(run, wait);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
