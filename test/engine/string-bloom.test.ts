import { describe, expect, it } from 'vitest';
import { StringBloom } from '../../electron/engine/store/string-bloom';

describe('string Bloom filter', () => {
  it('never says "absent" for a string it was given, and rarely "perhaps" for one it was not', () => {
    const bloom = new StringBloom(20); // small, to make false positives show
    const added: string[] = [];
    for (let i = 0; i < 50_000; i++) added.push(`/api/v1/users/${i * 7919}/orders?page=${i % 13}`);
    for (const s of added) bloom.add(s);
    expect(added.every((s) => bloom.mightHave(s))).toBe(true);
    let perhaps = 0;
    for (let i = 0; i < 50_000; i++) if (bloom.mightHave(`/api/v1/items/${i}`)) perhaps++;
    expect(perhaps / 50_000).toBeLessThan(0.03);
  });

  it.each(['', 'a', 'é', '\u{1F600}', 'x'.repeat(5000)])('remembers %j', (s) => {
    const bloom = new StringBloom();
    expect(bloom.mightHave(s)).toBe(false);
    bloom.add(s);
    expect(bloom.mightHave(s)).toBe(true);
  });
});
