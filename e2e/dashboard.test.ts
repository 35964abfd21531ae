/**
 * End to end, in real Chromium: `api-shield serve` (a child process running the built CLI and engine worker)
 * on a generated log with attacks, the built dashboard, and the contract over its WebSocket.
 * Waits are on UI conditions (Playwright's locators), never fixed sleeps.
 */
import { appendFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, clf, closeServed, serveGeneratedLog, type ServeProcess } from './serve-process';

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`[e2e] skipped: ${CHROMIUM} is absent (install Debian's chromium package to run the browser tests)`);

describe.skipIf(!hasChromium)('dashboard in Chromium against api-shield serve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'api-shield-e2e-'));
  const log = join(dir, 'access.log'); // written by serveGeneratedLog
  const ATTACKER = '203.0.113.77';
  let lastTime = 0;
  let truthPath = '';
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    ({ lastTime, truthPath, serve, browser, page, pageErrors } = await serveGeneratedLog(dir, { lines: 20_000, seed: 21, start: Date.now() - 3_600_000 }));
  });

  afterAll(() => closeServed(dir, { browser, serve }));

  it('shows KPIs, the timeline chart and top-N panels for the generated traffic', async () => {
    const events = page.getByTestId('kpi-events');
    await events.filter({ hasNotText: /^0$/ }).waitFor();
    expect(await events.textContent()).not.toBe('0');
    await page.getByRole('img', { name: 'Traffic timeline' }).locator('canvas').first().waitFor();
    await page.getByRole('region', { name: 'Top clients' }).locator('tbody tr').first().waitFor();
    await page.getByRole('radio', { name: 'All' }).click();
    await page.getByRole('radio', { name: 'All', checked: true }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('counts the alerts of the range per rule, and a rule opens its alerts on the Alerts page', async () => {
    const byRule = page.getByRole('table', { name: 'Alerts by rule' });
    await byRule.locator('tbody tr').first().waitFor();
    const rows = await byRule.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => (tr as unknown as { cells: { textContent: string }[] }).cells).map((c) => ({ rule: c[1]!.textContent, alerts: Number(c[2]!.textContent.replace(/,/g, '')) })),
    );
    expect(rows.length).toBeGreaterThan(1);
    const pick = rows[rows.length - 1]!;
    await byRule.getByRole('button', { name: pick.rule, exact: true }).click();
    // The Alerts page, filtered to that rule over the same range: as many alerts as the panel counted.
    expect(await page.getByRole('combobox', { name: 'Rule filter' }).inputValue()).toBe(pick.rule);
    await page.getByTestId('alert-count').filter({ hasText: new RegExp(`(^| of )${pick.alerts}( alerts)?$`) }).waitFor();
    const rules = await page.getByRole('table', { name: 'Alerts' }).locator('tbody tr td:nth-child(4)').allTextContents();
    expect(new Set(rules)).toEqual(new Set([pick.rule]));
    await page.getByRole('combobox', { name: 'Rule filter' }).selectOption('');
    await page.keyboard.press('1');
  });

  it('opens what a headline figure counts: the open alerts of the range, the 4xx events', async () => {
    const open = page.getByRole('group', { name: 'Alerts open' });
    const n = Number((await page.getByTestId('kpi-alerts-open').textContent())!.replace(/,/g, ''));
    expect(n).toBeGreaterThan(0);
    await open.getByRole('button', { name: 'View open alerts →' }).click();
    expect(await page.getByRole('combobox', { name: 'Status filter' }).inputValue()).toBe('open');
    await page.getByTestId('alert-count').filter({ hasText: new RegExp(`(^| of )${n.toLocaleString('en-US')}( alerts)?$`) }).waitFor();
    await page.getByRole('combobox', { name: 'Status filter' }).selectOption('');
    await page.keyboard.press('1');
    await page.getByRole('group', { name: 'Error rate' }).getByRole('button', { name: 'View 4xx events →' }).click();
    expect(await page.getByRole('textbox', { name: 'Status filter' }).inputValue()).toBe('4xx');
    await page.getByRole('table', { name: 'Events' }).locator('tbody tr').first().waitFor();
    const statuses = await page.getByRole('table', { name: 'Events' }).locator('tbody tr td:nth-child(5)').allTextContents();
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((s) => /^4\d\d$/.test(s.trim()))).toBe(true);
    // The Events page keeps its filter across pages: leave it as the tests after this one expect it.
    await page.getByRole('textbox', { name: 'Status filter' }).fill('');
    await page.getByRole('textbox', { name: 'Status filter' }).press('Enter');
    await page.getByRole('textbox', { name: 'Status filter' }).blur();
    await page.keyboard.press('1');
  });

  it('opens the events of a timeline bucket on a click, and the range again when the window is cleared', async () => {
    const chart = page.getByRole('img', { name: 'Traffic timeline' });
    await chart.locator('canvas').first().waitFor();
    const box = (await chart.boundingBox())!;
    // Inside the plot area (the grid leaves 48 px left, 40 right, 28 top, 24 bottom), late in the range.
    await page.mouse.click(box.x + 48 + (box.width - 88) * 0.8, box.y + 28 + (box.height - 52) / 2);
    const chip = page.getByTestId('event-window');
    await chip.waitFor();
    const from = Number(await chip.getAttribute('data-from'));
    const to = Number(await chip.getAttribute('data-to'));
    expect(to).toBeGreaterThan(from);
    await page.getByRole('table', { name: 'Events' }).locator('tbody tr').first().waitFor();
    const times = (await page.getByRole('table', { name: 'Events' }).locator('tbody tr td:nth-child(1)').allTextContents()).map((t) =>
      Date.parse(`${t.trim().replace(' ', 'T')}Z`),
    );
    expect(times.length).toBeGreaterThan(0);
    // Shown to the second: an event at from + 0.5 s reads as from.
    expect(times.filter((t) => !(t >= from && t < to))).toEqual([]);
    await chip.getByRole('button', { name: 'Clear the time window' }).click();
    await chip.waitFor({ state: 'detached' });
    await page.getByRole('radio', { name: 'All', checked: true }).waitFor();
    // The hover before the click showed the chart's tooltip: drawn on the canvas, nothing the CSP refuses.
    expect(pageErrors).toEqual([]);
    await page.keyboard.press('1');
  });

  it('opens the events behind a top endpoint or status on a click, and shows no empty host or API panels', async () => {
    // A generated nginx log has no virtual hosts and no API names: those panels stay out of the way.
    await page.getByRole('region', { name: 'Top endpoints' }).locator('tbody tr').first().waitFor();
    expect(await page.getByRole('region', { name: 'Top hosts' }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Top APIs' }).count()).toBe(0);
    const endpoint = page.getByRole('region', { name: 'Top endpoints' }).getByRole('button').first();
    const template = (await endpoint.textContent())!;
    await endpoint.click();
    const pattern = template.replace(/\{[^}/]*\}/g, '*');
    expect(await page.getByRole('textbox', { name: 'Path' }).inputValue()).toBe(pattern);
    const matches = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    const paths = () => page.getByRole('table', { name: 'Events' }).locator('tbody tr td:nth-child(4)').allTextContents();
    await expect.poll(async () => {
      const p = await paths();
      return p.length > 0 && p.every((t) => matches.test(t.split('?')[0]!));
    }).toBe(true);
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.keyboard.press('1');
    const status = page.getByRole('region', { name: 'Statuses' }).getByRole('button', { name: '404', exact: true });
    await status.click();
    expect(await page.getByRole('textbox', { name: 'Status filter' }).inputValue()).toBe('404');
    await expect.poll(async () => {
      const s = await page.getByRole('table', { name: 'Events' }).locator('tbody tr td:nth-child(5)').allTextContents();
      return s.length > 0 && s.every((t) => t.trim() === '404');
    }).toBe(true);
    await page.getByRole('button', { name: 'Clear' }).click(); // and the focus leaves the text box for the hotkeys
    expect(pageErrors).toEqual([]);
    await page.keyboard.press('1');
  });

  it('lists alerts and shows a new one appended to the watched file, live', async () => {
    await page.keyboard.press('2');
    const table = page.getByRole('table', { name: 'Alerts' });
    await table.locator('tbody tr').first().waitFor();
    expect(await table.locator('tbody tr', { hasText: ATTACKER }).count()).toBe(0);
    const t = lastTime + 2_000;
    appendFileSync(
      log,
      [
        `${ATTACKER} - - [${clf(t)}] "GET /static/../../../../etc/passwd HTTP/1.1" 404 153 "-" "curl/8.5.0"`,
        `${ATTACKER} - - [${clf(t + 1000)}] "GET /cgi-bin/..%2f..%2f..%2fetc/shadow HTTP/1.1" 400 153 "-" "curl/8.5.0"`,
      ].join('\n') + '\n',
    );
    await table.locator('tbody tr', { hasText: ATTACKER }).first().waitFor();
  });

  it('opens the alert detail with its reason and raw evidence lines', async () => {
    await page.getByRole('table', { name: 'Alerts' }).locator('tbody tr', { hasText: ATTACKER }).first().click();
    const drawer = page.getByRole('dialog', { name: 'Alert detail' });
    await drawer.waitFor();
    await drawer.getByLabel('Reason', { exact: true }).first().waitFor();
    const evidence = drawer.getByRole('list', { name: 'Evidence' });
    await evidence.locator('pre', { hasText: '/etc/passwd' }).first().waitFor();
    expect(await evidence.locator('pre').first().textContent()).toContain(ATTACKER);
  });

  it('changes the alert status with a reason, recorded in its history', async () => {
    const drawer = page.getByRole('dialog', { name: 'Alert detail' });
    await drawer.getByLabel('New status').selectOption('acknowledged');
    await drawer.getByRole('textbox', { name: 'Reason', exact: true }).fill('e2e: blocked at the edge');
    await drawer.getByRole('button', { name: 'Set status' }).click();
    await drawer.getByRole('list', { name: 'Status history' }).locator('li', { hasText: 'e2e: blocked at the edge' }).waitFor();
    await page.getByRole('table', { name: 'Alerts' }).locator('tbody tr', { hasText: ATTACKER }).first().locator('text=acknowledged').waitFor();
  });

  it('saves the alert as a Markdown incident report with its evidence, history and a deny rule', async () => {
    const drawer = page.getByRole('dialog', { name: 'Alert detail' });
    const [download] = await Promise.all([page.waitForEvent('download'), drawer.getByRole('button', { name: 'Download report' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^api-shield-alert-\d+\.md$/);
    const md = readFileSync((await download.path())!, 'utf8');
    expect(md).toMatch(new RegExp(`^# [A-Z]+ · [a-z-]+ · ${ATTACKER.replace(/\./g, '\\.')}\n`));
    expect(md).toContain('/etc/passwd');
    expect(md).toMatch(/open → \*\*acknowledged\*\* — e2e: blocked at the edge/);
    expect(md).toContain(`deny ${ATTACKER};`);
  });

  it('filters the list by status and text, and closes the drawer with Esc', async () => {
    await page.keyboard.press('Escape'); // leave the reason field
    await page.keyboard.press('Escape'); // close the drawer
    await page.getByRole('dialog', { name: 'Alert detail' }).waitFor({ state: 'detached' });
    await page.getByLabel('Status filter').selectOption('acknowledged');
    const rows = page.getByRole('table', { name: 'Alerts' }).locator('tbody tr');
    await page.getByTestId('alert-count').filter({ hasText: /of 1$/ }).waitFor();
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(ATTACKER);
    await page.getByLabel('Status filter').selectOption('');
    await page.keyboard.press('/');
    await page.getByRole('searchbox', { name: 'Search alerts' }).fill('no-such-client-xyz');
    await page.getByText('No alert matches these filters.').waitFor();
    await page.getByRole('searchbox', { name: 'Search alerts' }).fill('');
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor({ state: 'detached' });
  });

  it('sets two selected alerts false-positive at once from the bulk bar', async () => {
    const table = page.getByRole('table', { name: 'Alerts' });
    // Two untouched alerts of the generated traffic; the attacker's (used above) is left alone.
    const open = table.locator('tbody tr', { hasNotText: ATTACKER }).filter({ has: page.locator('.status-open') });
    await open.nth(1).waitFor();
    const uids = [await open.nth(0).getAttribute('data-uid'), await open.nth(1).getAttribute('data-uid')];
    for (const uid of uids) await table.getByRole('checkbox', { name: `Select alert ${uid}`, exact: true }).check();
    const bar = page.getByRole('form', { name: 'Bulk triage' });
    await bar.getByTestId('bulk-count').filter({ hasText: /^2 selected$/ }).waitFor();
    await bar.getByLabel('Bulk status').selectOption('false-positive');
    await bar.getByRole('textbox', { name: 'Bulk reason' }).fill('e2e: our own load test');
    await bar.getByRole('button', { name: 'Apply' }).click();
    await bar.waitFor({ state: 'detached' });
    for (const uid of uids) await table.locator(`tr[data-uid="${uid}"] .status-false-positive`).waitFor();
    await table.locator(`tr[data-uid="${uids[1]}"] td`).nth(2).click();
    const drawer = page.getByRole('dialog', { name: 'Alert detail' });
    await drawer.getByRole('list', { name: 'Status history' }).locator('li', { hasText: 'e2e: our own load test' }).waitFor();
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    expect(pageErrors).toEqual([]);
  });

  it('answers a bad WebSocket request from the page with a typed error', async () => {
    const replies = await page.evaluate(
      (wsUrl) =>
        new Promise<unknown[]>((resolve, reject) => {
          const ws = new WebSocket(wsUrl);
          const got: unknown[] = [];
          ws.onerror = () => reject(new Error('socket error'));
          ws.onopen = () => {
            ws.send(JSON.stringify({ id: 1, name: 'query.kpis', params: { range: { from: 10, to: 5 } } }));
            ws.send('not json at all');
          };
          ws.onmessage = (m) => {
            const v = JSON.parse(m.data as string);
            if ('event' in v) return;
            got.push(v);
            if (got.length === 2) {
              ws.close();
              resolve(got);
            }
          };
        }),
      serve.url.replace('http:', 'ws:') + 'ws',
    );
    expect(replies).toContainEqual({ id: 1, error: { name: 'EngineError', code: 'bad-request', message: expect.stringContaining('from must be before to') } });
    expect(replies).toContainEqual({ id: null, error: expect.objectContaining({ code: 'bad-request', message: expect.stringContaining('malformed JSON') }) });
  });

  it('refuses a WebSocket opened by a page of another origin', async () => {
    const other: Server = createServer((_req, res) => res.end('<!doctype html><title>other site</title>'));
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
    try {
      const otherPage = await browser.newPage();
      await otherPage.goto(`http://localhost:${(other.address() as AddressInfo).port}/`);
      const outcome = await otherPage.evaluate(
        (port) =>
          new Promise<string>((resolve) => {
            const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
            ws.onopen = () => resolve('opened');
            ws.onclose = () => resolve('refused');
          }),
        serve.port,
      );
      expect(outcome).toBe('refused');
      await otherPage.close();
    } finally {
      other.close();
    }
  });

  it('shows sources with their state and the rules and allowlist pages', async () => {
    await page.keyboard.press('4');
    await page.getByRole('table', { name: 'Source files' }).locator('tbody tr', { hasText: 'access.log' }).waitFor();
    await page.getByRole('table', { name: 'Source files' }).getByRole('button', { name: /access\.log/ }).click();
    await page.getByRole('region', { name: 'Source detail' }).getByText('combined').first().waitFor();
    await page.keyboard.press('5');
    await page.getByRole('checkbox', { name: 'Enable burst' }).waitFor();
    await page.keyboard.press('6');
    await page.getByRole('textbox', { name: 'Value' }).fill('198.51.100.0/24');
    await page.getByRole('textbox', { name: 'Allowlist reason' }).fill('e2e scanner range');
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.getByRole('table', { name: 'Allowlist' }).locator('tr', { hasText: '198.51.100.0/24' }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('hunts in the stored events: filters by client, pages older without gaps, shows a raw line', async () => {
    const logLines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    const perClient = new Map<string, number>();
    for (const l of logLines) perClient.set(l.split(' ')[0]!, (perClient.get(l.split(' ')[0]!) ?? 0) + 1);
    // More than two pages, so paging has to cross at least two cursors (many rows share one log second).
    const [client, total] = [...perClient].filter(([, n]) => n > 200 && n <= 600).sort((a, b) => b[1] - a[1])[0]!;

    await page.keyboard.press('8');
    const table = page.getByRole('table', { name: 'Events', exact: true });
    const rows = table.locator('tbody tr');
    await rows.first().waitFor();
    await page.getByRole('radio', { name: 'All' }).click();
    await page.getByRole('textbox', { name: 'Client filter' }).fill(client);
    await page.getByRole('textbox', { name: 'Client filter' }).press('Enter');
    await rows.filter({ hasNotText: client }).first().waitFor({ state: 'detached' });
    const count = page.getByTestId('event-count');
    await count.filter({ hasText: /^100 events loaded/ }).waitFor();
    expect(new Set(await table.locator('tbody tr td:nth-child(2)').allTextContents())).toEqual(new Set([client]));

    const older = page.getByRole('button', { name: 'Older →' });
    while (!(await count.textContent())!.includes('oldest in range reached')) {
      const before = await rows.count();
      await older.click();
      await count.filter({ hasNotText: new RegExp(`^${before} events`) }).waitFor();
    }
    await count.filter({ hasText: new RegExp(`^${total} events loaded`) }).waitFor();
    expect(await rows.count()).toBe(total);
    expect(new Set(await table.locator('tbody tr td:nth-child(2)').allTextContents())).toEqual(new Set([client]));

    await rows.nth(total - 1).locator('td').nth(3).click();
    const detail = page.getByRole('dialog', { name: 'Event detail' });
    const raw = detail.getByTestId('event-raw');
    await raw.filter({ hasText: client }).waitFor();
    expect(logLines).toContain(await raw.textContent());
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
    expect(pageErrors).toEqual([]);
  });

  it('shows the active model, scores a hand-entered window and retrains from a ground-truth file', async () => {
    await page.keyboard.press('7');
    const versions = page.getByRole('table', { name: 'Model versions' });
    await versions.locator('tr', { hasText: 'active' }).waitFor();
    for (const [name, value] of [['requests', '80'], ['distinctTemplates', '80'], ['ratio404', '1'], ['ratioScannerUserAgent', '1']]) {
      await page.getByRole('textbox', { name: name!, exact: true }).fill(value!);
    }
    await page.getByRole('button', { name: 'Score', exact: true }).click();
    await page.getByLabel('Score result').getByText(/block-and-revoke|throttle-and-step-up|rate-limit-and-monitor|allow/).first().waitFor();

    await page.getByRole('radio', { name: /ground-truth CSV/ }).check();
    await page.getByRole('textbox', { name: 'Ground-truth CSV path' }).fill(truthPath);
    await page.getByRole('textbox', { name: 'Log files to train on' }).fill(log);
    await page.getByRole('spinbutton', { name: 'Trees' }).fill('10');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.getByText(/Stored version 2/).waitFor({ timeout: 60_000 });
    await versions.locator('tr', { hasText: 'v2' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
