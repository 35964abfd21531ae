/**
 * The one table of keyboard shortcuts: id → key and what it does. The help overlay lists this table, and
 * `matchHotkey` resolves a key event against it, so a shortcut cannot exist without being documented.
 */
export interface HotkeyDef {
  /** `key` as in KeyboardEvent.key ('/', 'j', 'Escape', '1'). */
  key: string;
  description: string;
  /** Also fires while typing in a text field (only Escape should). */
  inInputs?: boolean;
}

export const HOTKEYS = {
  'focus-search': { key: '/', description: 'Search alerts' },
  'next-alert': { key: 'j', description: 'Next alert in the list' },
  'prev-alert': { key: 'k', description: 'Previous alert in the list' },
  'open-alert': { key: 'Enter', description: 'Open the selected alert' },
  'toggle-alert': { key: 'x', description: 'Tick or untick the selected alert for bulk triage' },
  close: { key: 'Escape', description: 'Close the drawer or this help; leave a text field', inInputs: true },
  'page-overview': { key: '1', description: 'Overview' },
  'page-alerts': { key: '2', description: 'Alerts' },
  'page-client': { key: '3', description: 'Client drill-down' },
  'page-sources': { key: '4', description: 'Sources' },
  'page-rules': { key: '5', description: 'Rules' },
  'page-allowlist': { key: '6', description: 'Allowlist' },
  'page-models': { key: '7', description: 'Model: versions, retraining, scoring a sample' },
  'page-events': { key: '8', description: 'Events: search the stored raw events' },
  help: { key: '?', description: 'Show keyboard shortcuts' },
} as const satisfies Record<string, HotkeyDef>;

export type HotkeyId = keyof typeof HOTKEYS;

/** The fields of a KeyboardEvent the matcher reads. */
export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** True when focus is in a text field, textarea, select or contenteditable. */
  inInput?: boolean;
}

export function matchHotkey(e: KeyLike, table: Record<string, HotkeyDef> = HOTKEYS): HotkeyId | null {
  // Browser and OS shortcuts (Ctrl+1, Cmd+K …) are never ours.
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  for (const [id, def] of Object.entries(table)) {
    if (def.key !== e.key) continue;
    if (e.inInput && !def.inInputs) return null;
    return id as HotkeyId;
  }
  return null;
}

/** How a key is shown in the help list. */
export function keyLabel(key: string): string {
  return key === 'Escape' ? 'Esc' : key === 'Enter' ? 'Enter' : key;
}

/** Fails when two shortcuts share a key (checked by the unit test; cheap enough to call at start-up too). */
export function duplicateKeys(table: Record<string, HotkeyDef> = HOTKEYS): string[] {
  const seen = new Map<string, string>();
  const dups: string[] = [];
  for (const [id, def] of Object.entries(table)) {
    const prev = seen.get(def.key);
    if (prev) dups.push(`${def.key}: ${prev}, ${id}`);
    else seen.set(def.key, id);
  }
  return dups;
}
