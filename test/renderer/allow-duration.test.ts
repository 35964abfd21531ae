import { describe, expect, it } from 'vitest';
import { ALLOW_DURATIONS, expiresAt } from '../../renderer/src/components/AlertDrawer/allow-durations';

describe('allowlist durations', () => {
  const now = Date.UTC(2024, 5, 1, 12, 0, 0);
  it.each([
    ['for 1 hour', now + 3_600_000],
    ['for 24 hours', now + 86_400_000],
    ['for 7 days', now + 7 * 86_400_000],
    ['permanently', undefined],
  ])('%s', (label, expected) => {
    const i = ALLOW_DURATIONS.findIndex((d) => d.label === label);
    expect(i).toBeGreaterThanOrEqual(0);
    expect(expiresAt(i, now).expiresAt).toBe(expected);
  });
});
