import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** The same policy as the page's meta tag, as a header too (it then also covers non-HTML responses). */
export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * The built renderer: out/renderer next to out/cli. The CLI bundle's code may sit in out/cli/ or in a chunk
 * under out/cli/assets/, so both parents are tried.
 */
export function findRendererDir(from: string | URL = import.meta.url, env: Record<string, string | undefined> = process.env): string | null {
  const override = env.API_SHIELD_RENDERER_DIR;
  if (override) return existsSync(join(override, 'index.html')) ? override : null;
  for (const rel of ['../renderer/', '../../renderer/', '../../out/renderer/', '../../../out/renderer/']) {
    try {
      const dir = fileURLToPath(new URL(rel, from));
      if (existsSync(join(dir, 'index.html'))) return dir;
    } catch {
      // not a file: URL
    }
  }
  return null;
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Serves files under `root` (GET/HEAD only; no directory listing; nothing outside `root`). */
export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return sendText(res, 405, 'method not allowed\n');
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    return sendText(res, 400, 'bad path\n');
  }
  if (pathname.includes('\0')) return sendText(res, 400, 'bad path\n');
  if (pathname.endsWith('/')) pathname += 'index.html';
  const file = normalize(join(root, pathname));
  const base = root.endsWith(sep) ? root : root + sep;
  if (!file.startsWith(base)) return sendText(res, 403, 'forbidden\n');
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) return sendText(res, 404, 'not found\n');
    size = st.size;
  } catch {
    return sendText(res, 404, 'not found\n');
  }
  const ext = extname(file);
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': TYPES[ext] ?? 'application/octet-stream',
    'Content-Length': size,
    // Hashed asset names never change; the page itself must be revalidated.
    'Cache-Control': pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
}
