import { describe, expect, it } from 'vitest';
import type { StorageInfo } from '../../electron/contract/types';
import { describeLimits, fmtBytes, originNote, parseLimit } from '../../renderer/src/components/StoragePanel/storage-form';

describe('storage limits form', () => {
  it.each([
    ['', 1, { value: null }],
    ['  ', 1, { value: null }],
    ['30', 1, { value: 30 }],
    [' 7 ', 1, { value: 7 }],
    ['0', 1, { error: 'Days must be a whole number of at least 1, or empty for no limit' }],
    ['1.5', 1, { error: 'Days must be a whole number of at least 1, or empty for no limit' }],
    ['-3', 1, { error: 'Days must be a whole number of at least 1, or empty for no limit' }],
    ['ten', 1, { error: 'Days must be a whole number of at least 1, or empty for no limit' }],
    ['1e3', 1, { error: 'Days must be a whole number of at least 1, or empty for no limit' }],
  ])('reads %j (at least %d) as %j', (text, min, want) => {
    expect(parseLimit(text, min, 'Days')).toEqual(want);
  });

  it.each([
    [{ keepDays: null, maxDbMb: null }, 'No limit: the store keeps everything.'],
    [{ keepDays: 1, maxDbMb: null }, 'Keeps 1 day of log time.'],
    [{ keepDays: 30, maxDbMb: 2048 }, 'Keeps 30 days of log time, and under 2,048 MiB.'],
    [{ keepDays: null, maxDbMb: 500 }, 'Keeps under 500 MiB.'],
  ])('describes %j', (limits, text) => {
    expect(describeLimits(limits)).toBe(text);
  });

  it('sizes in binary units', () => {
    expect([fmtBytes(512 * 1024), fmtBytes(150 * 1024 ** 2), fmtBytes(3.25 * 1024 ** 3)]).toEqual(['512 KiB', '150.0 MiB', '3.3 GiB']);
  });

  it('says when command-line flags override the saved limits', () => {
    const info = { origin: 'flags', saved: { keepDays: 30, maxDbMb: null } } as StorageInfo;
    expect(originNote(info)).toBe('Set on the command line for this run. Saved for runs without those flags: keeps 30 days of log time.');
    expect(originNote({ ...info, saved: { keepDays: null, maxDbMb: null } })).toBe(
      'Set on the command line for this run; no limit is saved for runs without those flags.',
    );
    expect(originNote({ ...info, origin: 'settings' })).toBeNull();
  });
});
