import type { PickPurpose } from '../../../../electron/contract/bridge';
import { useLive } from '../../live/LiveContext';

/** "Browse…" for a log file, in the desktop app only (a browser page cannot learn a local file's path). */
export function BrowseButton({ purpose, onPick }: { purpose: PickPurpose; onPick: (path: string) => void }) {
  const { bridge } = useLive();
  const pick = bridge.pickLogFile;
  if (!pick) return null;
  return (
    <button
      type="button"
      aria-label={purpose === 'import' ? 'Browse for a file to import' : 'Browse for a file to watch'}
      onClick={() =>
        void pick.call(bridge, purpose).then(
          (path) => path && onPick(path),
          () => {},
        )
      }
    >
      Browse…
    </button>
  );
}
