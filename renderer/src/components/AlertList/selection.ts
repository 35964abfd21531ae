/**
 * The bulk-triage selection as a set of alert uids (not row indexes), so it survives the list being re-queried
 * when new alerts arrive and rows shift. Pure functions: each returns a new set.
 */
export type Selection = ReadonlySet<number>;

export function toggleOne(sel: Selection, uid: number): Selection {
  const next = new Set(sel);
  if (!next.delete(uid)) next.add(uid);
  return next;
}

/**
 * Shift-click: every row from the anchor (the last row clicked) to `uid`, in the page's order, takes the state
 * the clicked row is switching to. Without an anchor on this page it is a plain toggle.
 */
export function toggleRange(sel: Selection, pageUids: readonly number[], anchor: number | null, uid: number): Selection {
  const from = anchor === null ? -1 : pageUids.indexOf(anchor);
  const to = pageUids.indexOf(uid);
  if (from < 0 || to < 0) return toggleOne(sel, uid);
  const on = !sel.has(uid);
  const next = new Set(sel);
  for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
    if (on) next.add(pageUids[i]!);
    else next.delete(pageUids[i]!);
  }
  return next;
}

export type PageState = 'none' | 'some' | 'all';

export function pageState(sel: Selection, pageUids: readonly number[]): PageState {
  const n = pageUids.filter((u) => sel.has(u)).length;
  return n === 0 ? 'none' : n === pageUids.length ? 'all' : 'some';
}

/** The header checkbox: a fully selected page is unselected, anything else becomes fully selected. */
export function togglePage(sel: Selection, pageUids: readonly number[]): Selection {
  const next = new Set(sel);
  if (pageUids.length > 0 && pageState(sel, pageUids) === 'all') for (const u of pageUids) next.delete(u);
  else for (const u of pageUids) next.add(u);
  return next;
}
