/** How long an allowlist entry lasts: a temporary one is how a noisy but known client is quietened for a while. */
export const ALLOW_DURATIONS: { label: string; ms: number | null }[] = [
  { label: 'for 1 hour', ms: 3_600_000 },
  { label: 'for 24 hours', ms: 86_400_000 },
  { label: 'for 7 days', ms: 7 * 86_400_000 },
  { label: 'permanently', ms: null },
];

/** `expiresAt` for the contract (wall time; absent = never). */
export function expiresAt(index: number, now = Date.now()): { expiresAt?: number } {
  const ms = ALLOW_DURATIONS[index]?.ms ?? null;
  return ms === null ? {} : { expiresAt: now + ms };
}
