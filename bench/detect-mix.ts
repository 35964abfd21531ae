/** Synthetic realistic traffic for the detector-alone benchmark (bench/detect.ts). */
import { makeEvent, type AccessEvent } from '@core/events/event';


const UAS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0',
  'okhttp/4.12.0',
  'MyShopApp/3.2 (iPhone; iOS 17.4)',
  'python-requests/2.31.0',
  'Go-http-client/2.0',
];
const WORDS = ['pizza', 'shoes', 'red dress', 'laptop', 'phone case', 'coffee', 'garden hose'];

function fresh(s: string): string {
  return s === '' ? s : ('"' + s).slice(1);
}

export interface Mix {
  events: AccessEvent[];
  nextTime: number;
}

/** ~5,000 benign clients at one request every few seconds, plus scanners, bursters, probers and stuffers. */
export function generate(n: number, startTime: number, rnd: () => number, lineBase: number): Mix {
  const events: AccessEvent[] = [];
  let t = startTime;
  for (let i = 0; i < n; i++) {
    t += rnd() < 0.5 ? 1 : 0; // ~2,000 events per second of log time
    const r = rnd();
    const e = makeEvent({ time: t, line: lineBase + i, offset: (lineBase + i) * 180, protocol: 'HTTP/1.1', method: 'GET', status: 200 });
    if (r < 0.97) {
      const c = Math.floor(rnd() * 5000);
      e.client = `10.${(c >> 8) & 255}.${c & 255}.${(c * 7) & 255}`;
      e.userAgent = UAS[c % UAS.length]! + '';
      // Each client uses three of the seven endpoint kinds, as an app screen or integration would.
      const kind = [c % 7, (c * 3 + 1) % 7, (c * 5 + 2) % 7][Math.floor(rnd() * 3)]!;
      const id = 1 + Math.floor(rnd() * 50_000);
      if (kind === 0) e.path = `/api/v1/users/${id}`;
      else if (kind === 1) e.path = `/api/v1/orders/${id}/items`;
      else if (kind === 2) {
        e.path = '/api/v1/products';
        e.query = `page=${1 + (id % 40)}&limit=20`;
      } else if (kind === 3) {
        e.path = '/api/v1/search';
        e.query = `q=${encodeURIComponent(WORDS[id % WORDS.length]!)}&sort=price`;
      } else if (kind === 4) e.path = `/static/app.${id % 3}.js`;
      else if (kind === 5) e.path = '/api/v1/cart';
      else {
        e.method = 'POST';
        e.path = '/api/v1/login';
        e.status = rnd() < 0.1 ? 401 : 200;
      }
      if (rnd() < 0.02) e.status = 404;
      e.application = `app-${c % 1000}`;
      e.user = rnd() < 0.5 ? `user${c}` : '';
    } else if (r < 0.985) {
      // bursters hammering one endpoint
      e.client = `198.51.100.${Math.floor(rnd() * 20)}`;
      e.userAgent = 'curl/8.5.0';
      e.path = `/api/v1/users/${Math.floor(rnd() * 1000)}`;
    } else if (r < 0.993) {
      // scanners with random paths and sensitive files
      e.client = `192.0.2.${Math.floor(rnd() * 10)}`;
      e.userAgent = rnd() < 0.5 ? 'Mozilla/5.00 (Nikto/2.1.6)' : 'Mozilla/5.0 zgrab/0.x';
      e.path = rnd() < 0.5 ? `/${Math.floor(rnd() * 1e9).toString(36)}.php` : '/.env';
      e.status = 404;
    } else if (r < 0.997) {
      // SQLi / XSS probes
      e.client = `203.0.113.${Math.floor(rnd() * 10)}`;
      e.userAgent = 'sqlmap/1.8';
      e.path = '/api/v1/search';
      e.query = rnd() < 0.5 ? `q=1%27%20UNION%20SELECT%20${Math.floor(rnd() * 100)}--` : `q=%3Cscript%3Ealert(${Math.floor(rnd() * 100)})%3C/script%3E`;
    } else {
      // distributed credential stuffing: many IPs, one login endpoint, 401s
      e.client = `100.64.${Math.floor(rnd() * 4)}.${Math.floor(rnd() * 250)}`;
      e.userAgent = UAS[0]! + '';
      e.method = 'POST';
      e.path = '/api/v1/login';
      e.status = 401;
      e.user = `victim${Math.floor(rnd() * 3)}`;
    }
    // Parsers hand out slices of the line: flat strings whose hash is not computed yet.
    e.client = fresh(e.client);
    e.path = fresh(e.path);
    e.query = fresh(e.query);
    e.userAgent = fresh(e.userAgent);
    e.user = fresh(e.user);
    e.application = fresh(e.application);
    events.push(e);
  }
  return { events, nextTime: t };
}

