import { useEffect, useRef } from 'react';
import { matchHotkey, type HotkeyId } from './registry';

export type HotkeyHandlers = Partial<Record<HotkeyId, () => void>>;

function isTextField(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  const tag = t.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (t as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit'].includes(type);
  }
  return t.isContentEditable;
}

/** Binds the registry's shortcuts on the document; handlers may change every render. */
export function useHotkeys(handlers: HotkeyHandlers): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const inInput = isTextField(e.target);
      const id = matchHotkey({ key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, inInput });
      if (!id) return;
      // Enter on a focused button or link keeps its native meaning.
      if (id === 'open-alert' && e.target instanceof HTMLElement && ['BUTTON', 'A'].includes(e.target.tagName)) return;
      const fn = ref.current[id];
      if (!fn) return;
      e.preventDefault();
      fn();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
