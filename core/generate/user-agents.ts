import type { UaProfile } from './catalog';
import { Weighted } from './distributions';

function ua(ua: string, family: string, platform: string): UaProfile {
  return { ua, family, platform };
}

/** Browsers of human users (2024-era versions), weighted roughly by market share. */
export const BROWSERS = Weighted.of<UaProfile>([
  [ua('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36', 'Chrome', 'Windows'), 24],
  [ua('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36', 'Chrome', 'Windows'), 9],
  [ua('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36', 'Chrome', 'Mac OS X'), 9],
  [ua('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15', 'Safari', 'Mac OS X'), 7],
  [ua('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36 Edg/125.0.0.0', 'Edge', 'Windows'), 6],
  [ua('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:126.0) Gecko/20100101 Firefox/126.0', 'Firefox', 'Windows'), 5],
  [ua('Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0', 'Firefox', 'Linux'), 1],
  [ua('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36', 'Chrome', 'Linux'), 2],
  [ua('Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Mobile Safari/537.36', 'Chrome Mobile', 'Android'), 16],
  [ua('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', 'Mobile Safari', 'iOS'), 14],
  [ua('Mozilla/5.0 (iPhone; CPU iPhone OS 16_7_8 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1', 'Mobile Safari', 'iOS'), 3],
  [ua('Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36', 'Samsung Internet', 'Android'), 4],
]);

/** The shop's native apps (their HTTP stacks). */
export const MOBILE_APPS = Weighted.of<UaProfile>([
  [ua('ShopApp/5.12.0 (iPhone; iOS 17.5; Scale/3.00)', 'Other', 'iOS'), 10],
  [ua('ShopApp/5.11.2 (iPhone; iOS 17.4.1; Scale/3.00)', 'Other', 'iOS'), 4],
  [ua('ShopApp/5.12.0 (Android 14; Pixel 7)', 'Other', 'Android'), 5],
  [ua('okhttp/4.12.0', 'okhttp', 'Other'), 6],
  [ua('Dalvik/2.1.0 (Linux; U; Android 13; SM-A536B Build/TP1A.220624.014)', 'Android', 'Android'), 3],
]);

/** Server-to-server integrations (partners, internal jobs). */
export const INTEGRATIONS: UaProfile[] = [
  ua('Apache-HttpClient/4.5.14 (Java/17.0.10)', 'Apache-HttpClient', 'Other'),
  ua('AcmeERP-Connector/3.2.1', 'Other', 'Other'),
  ua('axios/1.6.8', 'Other', 'Other'),
  ua('Java-http-client/17.0.10', 'Java', 'Other'),
  ua('Globex-Sync/1.8.4 (+https://globex.example.com/integrations)', 'Other', 'Other'),
  ua('okhttp/4.12.0', 'okhttp', 'Other'),
  ua('node-fetch/1.0 (+https://github.com/bitinn/node-fetch)', 'Other', 'Other'),
];

export const GOOGLEBOT = ua('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'Googlebot', 'Other');
export const GOOGLEBOT_MOBILE = ua(
  'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.6422.141 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Googlebot',
  'Android',
);
export const BINGBOT = ua('Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', 'bingbot', 'Other');

export const HEALTH_CHECKERS: UaProfile[] = [ua('ELB-HealthChecker/2.0', 'Other', 'Other'), ua('UptimeRobot/2.0 (http://www.uptimerobot.com/)', 'Other', 'Other')];

/** Scripted clients attackers use for floods, stuffing and enumeration (no tool signature). */
export const SCRIPTS: UaProfile[] = [
  ua('python-requests/2.31.0', 'Python Requests', 'Other'),
  ua('Go-http-client/1.1', 'Go-http-client', 'Other'),
  ua('curl/8.5.0', 'curl', 'Other'),
  ua('python-httpx/0.27.0', 'Other', 'Other'),
  ua('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36', 'Chrome', 'Windows'),
];

/** Directory brute-forcers. */
export const FUZZERS: UaProfile[] = [
  ua('Fuzz Faster U Fool v2.1.0-dev', 'Other', 'Other'),
  ua('gobuster/3.6', 'Other', 'Other'),
  ua('feroxbuster/2.10.2', 'Other', 'Other'),
  ua('Mozilla/5.0 (compatible; Dirbuster)', 'Other', 'Other'),
];

/** Vulnerability scanners with their tell-tale User-Agents. */
export const SCANNERS: UaProfile[] = [
  ua('sqlmap/1.8.4#stable (https://sqlmap.org)', 'Other', 'Other'),
  ua('Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:Port Check)', 'Other', 'Other'),
  ua('Nuclei - Open-source project (github.com/projectdiscovery/nuclei)', 'Other', 'Other'),
  ua('Wfuzz/3.1.0', 'Other', 'Other'),
];
