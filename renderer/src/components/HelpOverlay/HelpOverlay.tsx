import { HOTKEYS, keyLabel } from '../../hotkeys/registry';

/** The shortcut list, straight from the registry table. */
export function HelpOverlay({ onClose }: { onClose: () => void }) {
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" onClick={onClose}>
      <div className="overlay-box" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <table className="dense">
          <tbody>
            {Object.entries(HOTKEYS).map(([id, def]) => (
              <tr key={id}>
                <td>
                  <kbd>{keyLabel(def.key)}</kbd>
                </td>
                <td>{def.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
