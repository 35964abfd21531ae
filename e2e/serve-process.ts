/** Starts `api-shield serve` as a real child process (the built CLI) and reads the URL it prints. */
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';
import { existsSync, rmSync } from 'node:fs';
import { generateToFiles } from '../core/generate/write-files';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Why the built bundles cannot be used, or null. `npm test` builds them before vitest runs. */
export function missingBuild(): string | null {
  for (const f of ['out/cli/index.js', 'out/cli/worker.js', 'out/cli/store-writer.js', 'out/renderer/index.html']) {
    if (!existsSync(join(ROOT, f))) return `${f} is missing: run \`npx electron-vite build && npm run build:cli\` first`;
  }
  return null;
}

export interface ServeProcess {
  url: string;
  port: number;
  child: ChildProcess;
  stderr: () => string;
  stop(): Promise<void>;
}

export function startServe(args: string[], timeoutMs = 30_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/api-shield.js'), 'serve', '--port', '0', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, API_SHIELD_DATA_DIR: '' },
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve printed no URL in ${timeoutMs} ms; stderr:\n${err}`));
    }, timeoutMs);
    const early = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before printing its URL; stderr:\n${err}`));
    };
    child.once('exit', early);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:(\d+)\/)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.off('exit', early);
      resolvePromise({
        url: m[1]!,
        port: Number(m[2]),
        child,
        stderr: () => err,
        async stop() {
          if (child.exitCode === null) child.kill('SIGTERM');
          const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(t);
        },
      });
    });
  });
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A combined-log timestamp (`%t` without brackets), UTC: for lines the tests append to watched logs. */
export function clf(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/**
 * Debian's Chromium on the dashboard at `url`: one page (1400×900, 20 s waits) whose uncaught errors and
 * Content-Security-Policy refusals are collected. `initScript` runs in the page before the app does (fakes of browser APIs).
 */
export async function openDashboard(url: string, initScript?: () => void): Promise<{ browser: Browser; page: Page; pageErrors: string[] }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // A refused inline style or script is a broken feature (an unstyled tooltip, a dead handler), not noise.
  page.on('console', (m) => {
    if (m.type() === 'error' && m.text().includes('Content Security Policy')) pageErrors.push(`CSP: ${m.text().slice(0, 200)}`);
  });
  await page.goto(url);
  return { browser, page, pageErrors };
}

/**
 * A generated combined log in `dir`, `api-shield serve` on it and Chromium on its dashboard: what each
 * browser suite starts from. Throws when the bundles are not built.
 */
export async function serveGeneratedLog(
  dir: string,
  gen: { lines: number; seed: number; start: number },
  initScript?: () => void,
): Promise<{ log: string; lastTime: number; truthPath: string; serve: ServeProcess; browser: Browser; page: Page; pageErrors: string[] }> {
  const notBuilt = missingBuild();
  if (notBuilt) throw new Error(notBuilt);
  const log = join(dir, 'access.log');
  const g = await generateToFiles({ out: log, format: 'combined', ...gen });
  const serve = await startServe([log, '--data-dir', join(dir, 'data'), '-q']);
  return { log, lastTime: g.lastTime, truthPath: g.truthOut, serve, ...(await openDashboard(serve.url, initScript)) };
}

/** Closes what serveGeneratedLog started and removes `dir`. */
export async function closeServed(dir: string, s: { browser?: Browser; serve?: ServeProcess }): Promise<void> {
  await s.browser?.close();
  await s.serve?.stop();
  rmSync(dir, { recursive: true, force: true });
}
