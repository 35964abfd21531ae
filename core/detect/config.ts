/**
 * The one detection configuration: every threshold, window, weight and rule switch, with its default.
 *
 * Windows are in milliseconds of LOG time (event.time), never wall time. A user override file is a JSON
 * object with the same shape holding only the fields to change; `mergeConfig` validates it.
 */
import type { Severity } from './alert';
import { mergeConfigImpl } from './config-merge';

/** Fields every rule has. */
export interface RuleBase {
  /** Rule switch. */
  enabled: boolean;
  /** Contribution to the key's risk (0..100) while an episode of this rule is open for that key. */
  weight: number;
  /** Severity floor for this rule's alerts, whatever the risk (a webshell probe is never "low"). */
  minSeverity: Severity;
}

/** "At least `threshold` matching events (or distinct values) within `windowMs`", on a per-key sliding window. */
export interface WindowRule extends RuleBase {
  threshold: number;
  windowMs: number;
}

/** A window rule that also runs on application / user keys, where one identity spans many devices. */
export interface IdentityWindowRule extends WindowRule {
  /** Threshold for application and user keys (the IP threshold is `threshold`). */
  identityThreshold: number;
}

export interface BurstRule extends IdentityWindowRule {
  /**
   * Count requests for static files (css, js, images, fonts, media, pdf) like any other, as the prototype
   * did. Off by default: one page load fetches a dozen assets within a second, so on a web server's log a
   * reader opening two pages looked like a flood. Assets then count toward `asset-flood` instead.
   */
  countStaticAssets: boolean;
}

export interface RatioRule extends RuleBase {
  /** Size of the sample: the client's last N requests, which must all fall within `windowMs`. */
  minRequests: number;
  /** Share of 404 answers in that sample (0..1) at or above which the rule trips. */
  ratio: number;
  windowMs: number;
}

export interface EnumerationRule extends WindowRule {
  /** Alternative trigger: this many consecutive numeric ids (n, n+1, n+2 … or descending) under one template. */
  sequentialRun: number;
}

export interface TargetRule extends RuleBase {
  /** Distinct client IPs failing authentication for ONE user (event.user) within the window. */
  userThreshold: number;
  /** Distinct client IPs failing authentication on ONE endpoint template (e.g. POST /login) within the window. */
  endpointThreshold: number;
  windowMs: number;
}

export interface DetectionRules {
  // ---- behaviour rules (per client IP unless noted) ----
  /**
   * Request burst: ≥15 requests for pages and API endpoints in 10 s from one IP (static assets are counted by
   * `asset-flood`, unless countStaticAssets); also per application / user (identityThreshold 60, every request).
   */
  burst: BurstRule;
  /** Static-asset flood: ≥100 requests for static files in 10 s from one IP (a page load fetches a few dozen). */
  'asset-flood': WindowRule;
  /** Endpoint scan: ≥5 distinct endpoint TEMPLATES in 10 s (/users/1 and /users/2 are one endpoint). */
  scan: WindowRule;
  /** Auth abuse: ≥5 auth failures (401/403 or auth-failure events) in 10 s; also per application / user (10). */
  'auth-abuse': IdentityWindowRule;
  /** Slow scan: ≥20 distinct endpoint templates answered 404 within 10 min. */
  'slow-scan': WindowRule;
  /** Low-and-slow credential stuffing: ≥20 auth failures within 15 min. */
  'low-slow-stuffing': WindowRule;
  /** High 404 ratio: ≥80% of the client's last 20 requests were 404, all within 60 s. */
  'not-found-ratio': RatioRule;
  /** Object-id enumeration: ≥20 distinct ids under one template in 60 s, or 10 consecutive numeric ids. */
  enumeration: EnumerationRule;
  /** Credential stuffing spread over many IPs, keyed on the target (keyKind 'target'). */
  'distributed-stuffing': TargetRule;
  /** HTTP probing: ≥10 distinct non-static paths answered 400/403/404/410 in 10 s. */
  'http-probing': WindowRule;
  /** Aggressive crawl: ≥40 distinct non-static paths in 60 s. */
  crawl: WindowRule;
  /** L7 DoS with random URIs: ≥30 requests answered 404 in 10 s. */
  'dos-random-uri': WindowRule;
  /** L7 DoS busting caches: ≥30 distinct query strings on one endpoint template in 10 s. */
  'dos-cache-bypass': WindowRule;
  /** L7 DoS rotating user agents: ≥10 distinct User-Agent strings from one IP in 60 s. */
  'dos-ua-switching': WindowRule;

  // ---- content rules (signatures; threshold 1 alerts on a single hit) ----
  /** Sensitive files: dotfiles (.env, .git, .htpasswd …), backups, keys, dumps. 3 hits in 60 s. */
  'sensitive-files': WindowRule;
  /** Path traversal / LFI: raw, encoded, double-encoded ../ and system files (/etc/passwd, win.ini). 1 hit. */
  'path-traversal': WindowRule;
  /** SQL injection probing in the query or path. 3 hits in 60 s. */
  'sqli-probing': WindowRule;
  /** XSS probing in the query or path. 3 hits in 60 s. */
  'xss-probing': WindowRule;
  /** Offensive-tool user agents (nikto, sqlmap, zgrab, masscan, nuclei …). 1 hit. */
  'bad-user-agent': WindowRule;
  /** Webshell / backdoor file probes (c99.php, *shell.php …). 1 hit, at least high. */
  'webshell-probe': WindowRule;
  /** Admin-interface probes (phpMyAdmin, /administrator, Cisco /+CSCOE+ …) answered ≥400. 3 hits in 60 s. */
  'admin-probe': WindowRule;
  /**
   * Known exploit paths and payloads (Laravel ignition, router CGIs, Log4Shell, Shellshock, Code Red, Nimda …)
   * and buffer-overflow filler (one character 512 times in a row). 1 hit, at least high.
   */
  'cve-probe': WindowRule;
  /** Open-proxy attempts: CONNECT or absolute-URI requests. 1 hit. */
  'open-proxy': WindowRule;
  /** WordPress scan: ≥4 WordPress paths answered ≥400 in 60 s. */
  'wordpress-scan': WindowRule;
  /** WordPress user enumeration: ≥5 distinct ?author= values (or /wp-json/wp/v2/users calls) in 60 s. */
  'wordpress-user-enum': WindowRule;
  /** WordPress login brute force: ≥6 POSTs to wp-login.php / xmlrpc.php in 60 s. */
  'wordpress-bruteforce': WindowRule;
  /**
   * WordPress login brute force from a botnet, each IP under every per-client threshold: ≥20 distinct IPs
   * POSTing to one wp-login.php / xmlrpc.php within 60 min, counting only POSTs without a Referer from IPs
   * that had requested nothing else (a reader logging in sends the form's page as Referer, and loaded the
   * form and its assets first). Keyed on the endpoint (a target key).
   */
  'wordpress-botnet': WindowRule;
  /** Technology fingerprinting of product-specific paths (AEM, camera CGIs, Struts …) answered ≥400. 1 hit. */
  'technology-probe': WindowRule;
  /** The w00tw00t / DFind scanner probes. 1 hit. */
  w00tw00t: WindowRule;
  /** HTTP versions that do not exist (HTTP/1.2, HTTP/2.1 …). 1 hit. */
  'invalid-http-version': WindowRule;
  /**
   * Remote code execution probes: OS commands chained into a parameter (`;cat /etc/passwd`, `|wget …|sh`),
   * PHP / Java / Node code, template arithmetic (`{{7*7}}`), prototype pollution, remote file inclusion. 1 hit,
   * at least high.
   */
  'rce-probing': WindowRule;
  /** Server-side request forgery: cloud metadata addresses (169.254.169.254 …), gopher:// file:// jar: in a parameter. 1 hit. */
  'ssrf-probing': WindowRule;
  /**
   * Requests that are not HTTP: another protocol's handshake sent to the HTTP port (TLS, RDP, SSH, SOCKS), binary
   * bytes, JSON-RPC, a method no HTTP specification defines. Port scanners fingerprinting the service. 1 hit.
   */
  'protocol-probe': WindowRule;
}

export type RuleId = keyof DetectionRules;

export interface DetectionConfig {
  /** An episode closes after this much log time with no matching event; a later hit opens a new alert. */
  quietGapMs: number;
  /**
   * Out-of-order tolerance: an event older than the newest one seen is counted at the newest time (so a few
   * seconds of jitter change nothing). A jump back by more than this is a new timeline (e.g. another file):
   * open episodes are closed and windows reset.
   */
  maxBackwardJumpMs: number;
  /** Hard cap on tracked keys per key kind (ip, application, user, target); idle keys are evicted first. */
  maxTrackedKeys: number;
  /** Evidence kept per alert: the first N matching events … */
  evidenceFirst: number;
  /** … and the latest N. */
  evidenceLatest: number;
  /** Severity bands on risk (0..100): risk ≥ critical → critical, ≥ high → high, ≥ medium → medium, else low. */
  severityBands: { critical: number; high: number; medium: number };
  /** Which identity fields also act as keys (burst and auth-abuse on applications and users). */
  identityKeys: {
    application: boolean;
    user: boolean;
    /** Values that mean "no identity" (WSO2 logs UNKNOWN on auth faults). Compared case-insensitively. */
    ignoredValues: string[];
  };
  /**
   * Never alert on events from these. No private-address ranges by default: gateways often serve internal
   * clients, and attacks from inside are still attacks.
   */
  allowlist: {
    /** IPv4 / IPv6 addresses and CIDR ranges, e.g. "10.0.0.0/8", "2001:db8::/32". */
    ips: string[];
    /** event.application values. */
    applications: string[];
    /** event.user values. */
    users: string[];
  };
  rules: DetectionRules;
}

const S = 1000;
const MIN = 60 * S;

function w(threshold: number, windowMs: number, weight: number, minSeverity: Severity = 'low'): WindowRule {
  return { enabled: true, threshold, windowMs, weight, minSeverity };
}

export function defaultConfig(): DetectionConfig {
  return {
    quietGapMs: 60 * S,
    maxBackwardJumpMs: 5 * MIN,
    maxTrackedKeys: 250_000,
    evidenceFirst: 10,
    evidenceLatest: 10,
    severityBands: { critical: 80, high: 50, medium: 30 },
    identityKeys: { application: true, user: true, ignoredValues: ['-', 'UNKNOWN', 'anonymous', 'null', 'none', 'N/A'] },
    allowlist: { ips: [], applications: [], users: [] },
    rules: {
      burst: { ...w(15, 10 * S, 40), identityThreshold: 60, countStaticAssets: false },
      'asset-flood': w(100, 10 * S, 40),
      scan: w(5, 10 * S, 35),
      'auth-abuse': { ...w(5, 10 * S, 25), identityThreshold: 10 },
      'slow-scan': w(20, 10 * MIN, 30),
      'low-slow-stuffing': w(20, 15 * MIN, 30),
      'not-found-ratio': { enabled: true, minRequests: 20, ratio: 0.8, windowMs: 60 * S, weight: 20, minSeverity: 'low' },
      enumeration: { ...w(20, 60 * S, 35), sequentialRun: 10 },
      'distributed-stuffing': {
        enabled: true,
        userThreshold: 10,
        endpointThreshold: 50,
        windowMs: 10 * MIN,
        weight: 40,
        minSeverity: 'medium',
      },
      'http-probing': w(10, 10 * S, 30),
      crawl: w(40, 60 * S, 25),
      'dos-random-uri': w(30, 10 * S, 40),
      'dos-cache-bypass': w(30, 10 * S, 40),
      'dos-ua-switching': w(10, 60 * S, 30),
      'sensitive-files': w(3, 60 * S, 30),
      'path-traversal': w(1, 60 * S, 40),
      'sqli-probing': w(3, 60 * S, 40),
      'xss-probing': w(3, 60 * S, 35),
      'bad-user-agent': w(1, 60 * S, 30),
      'webshell-probe': w(1, 60 * S, 50, 'high'),
      'admin-probe': w(3, 60 * S, 25),
      'cve-probe': w(1, 60 * S, 50, 'high'),
      'open-proxy': w(1, 60 * S, 30),
      'wordpress-scan': w(4, 60 * S, 30),
      'wordpress-user-enum': w(5, 60 * S, 30),
      'wordpress-bruteforce': w(6, 60 * S, 40),
      'wordpress-botnet': w(20, 60 * MIN, 40, 'medium'),
      'technology-probe': w(1, 60 * S, 20),
      w00tw00t: w(1, 60 * S, 30),
      'invalid-http-version': w(1, 60 * S, 20),
      'rce-probing': w(1, 60 * S, 50, 'high'),
      'ssrf-probing': w(1, 60 * S, 40, 'medium'),
      'protocol-probe': w(1, 60 * S, 20),
    },
  };
}

/** The longest window of any enabled rule: how much recent log time the detector's state can depend on. */
export function longestWindowMs(config: DetectionConfig): number {
  let longest = 0;
  for (const r of Object.values(config.rules)) if (r.enabled && r.windowMs > longest) longest = r.windowMs;
  return longest;
}

/**
 * Applies a user override (parsed JSON) on top of `base` without mutating it. Unknown keys and wrong types
 * are reported in `errors` (one readable sentence each) and skipped; valid fields still apply. Never throws.
 */
export function mergeConfig(base: DetectionConfig, userJson: unknown): { config: DetectionConfig; errors: string[] } {
  return mergeConfigImpl(base, userJson);
}
