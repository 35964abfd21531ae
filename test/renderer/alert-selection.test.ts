import { describe, expect, it } from 'vitest';
import { pageState, toggleOne, togglePage, toggleRange } from '../../renderer/src/components/AlertList/selection';

const page = [10, 11, 12, 13, 14];
const sorted = (s: ReadonlySet<number>) => [...s].sort((a, b) => a - b);

describe('bulk-triage selection', () => {
  it('toggles one uid without touching the others', () => {
    const s = toggleOne(new Set([99]), 12);
    expect(sorted(s)).toEqual([12, 99]);
    expect(sorted(toggleOne(s, 12))).toEqual([99]);
  });

  it('shift-click sets the range from the anchor to the row, either direction, to the clicked row\'s new state', () => {
    expect(sorted(toggleRange(new Set([10]), page, 10, 13))).toEqual([10, 11, 12, 13]);
    expect(sorted(toggleRange(new Set([14]), page, 14, 11))).toEqual([11, 12, 13, 14]);
    // Unticking with shift unticks the whole range, leaving rows of other pages alone.
    expect(sorted(toggleRange(new Set([7, 10, 11, 12, 13]), page, 10, 12))).toEqual([7, 13]);
  });

  it('falls back to a plain toggle when the anchor is not on this page', () => {
    expect(sorted(toggleRange(new Set(), page, null, 12))).toEqual([12]);
    expect(sorted(toggleRange(new Set([3]), page, 3, 12))).toEqual([3, 12]);
  });

  it('the header box selects the whole page, or clears it once all of it is selected', () => {
    expect(pageState(new Set(), page)).toBe('none');
    expect(pageState(new Set([11, 99]), page)).toBe('some');
    const all = togglePage(new Set([11, 99]), page);
    expect(sorted(all)).toEqual([10, 11, 12, 13, 14, 99]);
    expect(pageState(all, page)).toBe('all');
    expect(sorted(togglePage(all, page))).toEqual([99]);
    expect(pageState(new Set([1]), [])).toBe('none');
  });
});
