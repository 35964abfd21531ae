import { describe, expect, test } from 'vitest';
import { defaultConfig, mergeConfig } from '@core/detect/config';

describe('detection configuration', () => {
  test('defaults carry the prototype presets and no private-address allowlist', () => {
    const c = defaultConfig();
    expect(c.rules.burst).toMatchObject({ threshold: 15, windowMs: 10_000, weight: 40 });
    expect(c.rules.scan).toMatchObject({ threshold: 5, windowMs: 10_000, weight: 35 });
    expect(c.rules['auth-abuse']).toMatchObject({ threshold: 5, windowMs: 10_000, weight: 25 });
    expect(c.allowlist).toEqual({ ips: [], applications: [], users: [] });
  });

  test('an override changes only the fields it names', () => {
    const { config, errors } = mergeConfig(defaultConfig(), { rules: { burst: { threshold: 30 } }, quietGapMs: 120_000 });
    expect(errors).toEqual([]);
    expect(config.rules.burst.threshold).toBe(30);
    expect(config.rules.burst.windowMs).toBe(10_000);
    expect(config.quietGapMs).toBe(120_000);
    expect(defaultConfig().rules.burst.threshold).toBe(15);
  });

  test('a config override file with a typo yields an error message', () => {
    const { config, errors } = mergeConfig(defaultConfig(), { rules: { brust: { threshold: 30 }, scan: { treshold: 8 } } });
    expect(errors).toContain("unknown setting 'rules.brust' (did you mean 'burst'?)");
    expect(errors).toContain("unknown setting 'rules.scan.treshold' (did you mean 'threshold'?)");
    expect(config.rules.burst.threshold).toBe(15);
  });

  test('wrong types and ranges are reported, valid siblings still apply', () => {
    const { config, errors } = mergeConfig(defaultConfig(), {
      rules: {
        burst: { threshold: '20', windowMs: 5000 },
        scan: { enabled: 'yes', threshold: 0 },
        'not-found-ratio': { ratio: 1.5 },
        'webshell-probe': { minSeverity: 'severe' },
      },
      allowlist: { ips: ['10.0.0.0/8', 'not-an-ip', '2001:db8::/129'] },
      severityBands: { critical: 40 },
    });
    expect(config.rules.burst.windowMs).toBe(5000);
    expect(config.rules.burst.threshold).toBe(15);
    expect(config.allowlist.ips).toEqual(['10.0.0.0/8']);
    expect(errors).toEqual(
      expect.arrayContaining([
        'rules.burst.threshold must be a number, got the string "20"',
        'rules.scan.enabled must be true or false, got the string "yes"',
        'rules.scan.threshold must be a whole number ≥ 1, got 0',
        'rules.not-found-ratio.ratio must be in (0, 1], got 1.5',
        'rules.webshell-probe.minSeverity must be one of low, medium, high, critical, got the string "severe"',
        "allowlist.ips: 'not-an-ip' is not an IP address or CIDR range",
        "allowlist.ips: '2001:db8::/129' is not an IP address or CIDR range",
        'severityBands must satisfy critical ≥ high ≥ medium, got 40/50/30',
      ]),
    );
  });

  test.each([null, undefined, 42, 'text', [1, 2], { rules: [] }, { rules: { burst: null } }, { '// note': 'comments are fine' }])(
    'never throws on %j',
    (input) => {
      expect(() => mergeConfig(defaultConfig(), input)).not.toThrow();
    },
  );
});
