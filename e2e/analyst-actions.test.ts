/**
 * End to end, in real Chromium against `api-shield serve`: what an analyst does with what the dashboard shows.
 * Notifications of new alerts, the Events CSV export, allowlisting a key from its alert, importing a file.
 * Waits are on UI conditions (Playwright's locators and events), never fixed sleeps.
 */
import { appendFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateToFiles } from '../core/generate/write-files';
import { EVENT_CSV_COLUMNS } from '../core/report/events-csv';
import { ALERT_CSV_COLUMNS } from '../core/report/alerts-csv';
import { CHROMIUM, clf, closeServed, serveGeneratedLog, type ServeProcess } from './serve-process';

/**
 * A Notification the page can construct and the test can read: headless Chromium shows none. The window
 * also reports that it lacks focus, as it would behind another one.
 */
const FAKE_NOTIFICATIONS = () => {
  const shown: { title: string; body: string; tag: string }[] = [];
  class FakeNotification {
    static permission = 'granted';
    static requestPermission = async () => 'granted';
    onclick: (() => void) | null = null;
    constructor(title: string, opts: { body?: string; tag?: string } = {}) {
      shown.push({ title, body: opts.body ?? '', tag: opts.tag ?? '' });
    }
    close() {}
  }
  // Runs in the page; typed without the DOM (this file is checked as Node code).
  const page = globalThis as unknown as { document: { hasFocus: () => boolean } };
  Object.defineProperty(page, 'Notification', { value: FakeNotification });
  Object.defineProperty(page, 'shownNotifications', { value: shown });
  page.document.hasFocus = () => false;
};

const hasChromium = existsSync(CHROMIUM);

describe.skipIf(!hasChromium)('analyst actions in Chromium against api-shield serve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'api-shield-e2e-actions-'));
  const log = join(dir, 'access.log'); // written by serveGeneratedLog
  const ATTACKER = '203.0.113.66';
  let lastTime = 0;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    ({ lastTime, serve, browser, page, pageErrors } = await serveGeneratedLog(dir, { lines: 5_000, seed: 31, start: Date.now() - 1_800_000 }, FAKE_NOTIFICATIONS));
    await page.getByTestId('kpi-events').filter({ hasNotText: /^0$/ }).waitFor();
  });

  afterAll(() => closeServed(dir, { browser, serve }));

  it('notifies of a new critical alert while the window is in the background', async () => {
    await page.getByTestId('notify-level').selectOption('high');
    // Burst, endpoint scan and auth failures at once: risk 40 + 35 + 25, critical.
    const lines: string[] = [];
    for (let i = 0; i < 30; i++) {
      lines.push(`${ATTACKER} - - [${clf(lastTime + 1_000 + i * 150)}] "GET /api/v1/admin/${i % 10} HTTP/1.1" 401 12 "-" "python-requests/2.31"`);
    }
    appendFileSync(log, lines.join('\n') + '\n');
    await page.waitForFunction(
      (ip) => (globalThis as unknown as { shownNotifications: { title: string }[] }).shownNotifications.some((n) => n.title.includes(ip)),
      ATTACKER,
    );
    const shown = await page.evaluate(() => (globalThis as unknown as { shownNotifications: { title: string; tag: string }[] }).shownNotifications);
    expect(shown.length).toBeLessThanOrEqual(3); // one burst of alerts: single notices or one summary, not a flood
    // Several rules trip at once on the attacker: one notice per alert up to three, else one naming it.
    expect(shown.find((n) => n.title.includes(ATTACKER))!.title).toMatch(new RegExp(`^(CRITICAL · .* · ${ATTACKER}|\\d+ new alerts on ${ATTACKER} \\(\\d+ critical)`));
  });

  it('starts the Client page on the recently alerted clients, one click from the attacker', async () => {
    await page.keyboard.press('3');
    const list = page.getByRole('table', { name: 'Recently alerted clients' });
    await list.getByRole('button', { name: ATTACKER }).click();
    await page.getByTestId('kpi-events').filter({ hasText: /^30$/ }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Client address' }).inputValue()).toBe(ATTACKER);
  });

  it("opens the client's events of one timeline bucket from its page", async () => {
    const chart = page.getByRole('img', { name: 'Client timeline' });
    await chart.locator('canvas').first().waitFor();
    const box = (await chart.boundingBox())!;
    // The attacker's lines are the newest: the last bucket, at the right end of the plot (40 px grid margin).
    await page.mouse.click(box.x + box.width - 42, box.y + box.height / 2);
    const chip = page.getByTestId('event-window');
    await chip.waitFor();
    expect(await page.getByRole('textbox', { name: 'Client filter' }).inputValue()).toBe(ATTACKER);
    await page.getByRole('table', { name: 'Events' }).locator('tbody tr').first().waitFor();
    const clients = await page.getByRole('table', { name: 'Events' }).locator('tbody tr td:nth-child(2)').allTextContents();
    expect(clients.length).toBeGreaterThan(0);
    expect(clients.length).toBeLessThanOrEqual(30);
    expect(new Set(clients.map((c) => c.trim()))).toEqual(new Set([ATTACKER]));
    await chip.getByRole('button', { name: 'Clear the time window' }).click();
    await chip.waitFor({ state: 'detached' });
    await page.getByTestId('event-count').filter({ hasText: /^30 events loaded/ }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('exports the events loaded on the Events page as CSV', async () => {
    await page.keyboard.press('8');
    await page.getByRole('textbox', { name: 'Client' }).fill(ATTACKER);
    await page.keyboard.press('Enter');
    await page.getByTestId('event-count').filter({ hasText: /^30 events loaded/ }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8').trimEnd().split('\n');
    expect(csv[0]).toBe(EVENT_CSV_COLUMNS.join(','));
    expect(csv).toHaveLength(31);
    expect(csv.slice(1).every((l) => l.split(',')[1] === ATTACKER)).toBe(true);
    expect(download.suggestedFilename()).toMatch(/^events-.*\.csv$/);
  });

  it('finds events by a path pattern, then by one exact path', async () => {
    await page.keyboard.press('8');
    await page.getByRole('button', { name: 'Clear' }).click();
    const paths = () => page.getByRole('table', { name: 'Events' }).locator('tbody tr td:nth-child(4)').allTextContents();
    await page.getByRole('textbox', { name: 'Path' }).fill('/api/v1/orders/*');
    await page.keyboard.press('Enter');
    await expect.poll(async () => {
      const p = await paths();
      return p.length > 0 && p.every((t) => t.startsWith('/api/v1/orders/'));
    }).toBe(true);
    const one = (await paths())[0]!.split('?')[0]!;
    await page.getByRole('textbox', { name: 'Path' }).fill(one);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await paths()).every((t) => t.split('?')[0] === one)).toBe(true);
    await page.getByRole('button', { name: 'Clear' }).click(); // and the focus leaves the text box for the hotkeys
    expect(pageErrors).toEqual([]);
  });

  it('narrows the alert list to a time range of log time, and back to all', async () => {
    await page.keyboard.press('2');
    const count = page.getByTestId('alert-count');
    const total = async () => Number((await count.textContent())!.replace(/.* of /, '').replace(/,/g, ''));
    await count.filter({ hasText: / of \d/ }).waitFor();
    const all = await total();
    const picker = page.getByRole('search', { name: 'Alert filters' }).getByRole('radiogroup', { name: 'Time range' });
    await picker.getByRole('radio', { name: 'Last 15 min' }).click();
    // The generated half hour of traffic has attacks in its first half too: fewer alerts, the attacker's among them.
    await page.waitForFunction((n) => {
      const text = (globalThis as unknown as { document: { querySelector: (s: string) => { textContent: string } | null } }).document
        .querySelector('[data-testid="alert-count"]')?.textContent ?? '';
      const m = / of ([\d,]+)$/.exec(text);
      return m !== null && Number(m[1]!.replace(/,/g, '')) < n;
    }, all);
    await page.getByRole('table', { name: 'Alerts' }).locator('tbody tr', { hasText: ATTACKER }).first().waitFor();
    const lastSeen = await page.getByRole('table', { name: 'Alerts' }).locator('tbody tr').evaluateAll((rows) =>
      rows.map((r) => (r as unknown as { cells: { textContent: string }[] }).cells[7]!.textContent),
    );
    // The range ends at the minute after the newest event (the attacker's last line) and spans 15 minutes.
    const newest = lastTime + 1_000 + 29 * 150;
    const cutoff = Math.floor(newest / 60_000) * 60_000 + 60_000 - 15 * 60_000;
    expect(lastSeen.every((t) => Date.parse(t.replace(' ', 'T') + 'Z') >= cutoff - 1000)).toBe(true);
    // The CSV export takes the same filters: every alert of the range, and only those.
    const inRange = await total();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8').trimEnd().split('\n');
    expect(csv[0]).toBe(ALERT_CSV_COLUMNS.join(','));
    expect(csv).toHaveLength(inRange + 1);
    const lastSeenCol = ALERT_CSV_COLUMNS.indexOf('last_seen');
    expect(csv.slice(1).every((l) => Date.parse(l.split(',')[lastSeenCol]!) >= cutoff)).toBe(true);
    await picker.getByRole('radio', { name: 'All' }).click();
    await count.filter({ hasText: new RegExp(` of ${all.toLocaleString('en-US')}$`) }).waitFor();
  });

  it('allowlists the attacker for an hour from its alert, opens its events; the Allowlist page shows when it ends', async () => {
    await page.keyboard.press('2');
    await page.getByRole('table', { name: 'Alerts' }).locator('tbody tr', { hasText: ATTACKER }).first().click();
    const form = page.getByRole('dialog', { name: 'Alert detail' }).getByRole('form', { name: 'Allowlist this key' });
    await form.getByLabel('Allow for').selectOption({ label: 'for 1 hour' });
    await form.getByRole('textbox', { name: 'Allowlist reason' }).fill('e2e: our red team');
    await form.getByRole('button', { name: 'Allowlist this client' }).click();
    await form.getByRole('status').filter({ hasText: `new alerts for ${ATTACKER} are not raised` }).waitFor();
    // From the alert to the traffic behind it.
    await page.getByRole('dialog', { name: 'Alert detail' }).getByRole('button', { name: 'All events of this client →' }).click();
    await page.getByTestId('event-count').filter({ hasText: /^30 events loaded/ }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Client filter' }).inputValue()).toBe(ATTACKER);
    await page.keyboard.press('6');
    const row = page.getByRole('table', { name: 'Allowlist' }).locator('tr', { hasText: ATTACKER });
    await row.waitFor();
    expect(await row.textContent()).toContain('e2e: our red team');
    expect(await row.textContent()).not.toContain('never');
  });

  it('imports an exported log from the Sources page, says what it found, and not twice', async () => {
    const exported = join(dir, 'exported-from-gateway.log');
    // Big enough to take a few pushes (500 ms apart) to read: the form shows how far it got.
    await generateToFiles({ out: exported, lines: 300_000, seed: 32, format: 'combined', start: lastTime - 7_200_000 });
    await page.keyboard.press('4');
    const form = page.getByRole('form', { name: 'Import a log file' });
    // A browser page cannot learn a local file's path: the desktop app's Browse… is not offered here.
    expect(await form.getByRole('button', { name: /^Browse/ }).count()).toBe(0);
    await form.getByRole('textbox', { name: 'Path to import' }).fill(exported);
    await form.getByRole('button', { name: 'Import' }).click();
    await form.getByRole('status', { name: 'Import progress' }).filter({ hasText: /^ ?\d+ % · [\d,]+ lines/ }).waitFor();
    const result = form.getByRole('status', { name: 'Import result' });
    await result.filter({ hasText: /^Imported 300,000 lines from / }).waitFor();
    expect(await result.textContent()).toMatch(/\(combined\): 300,000 events, 0 parse errors, [1-9][\d,]* new alerts, in \d+\.\d s\.$/);
    await page.getByRole('table', { name: 'Source files' }).getByRole('button', { name: exported }).waitFor();

    await form.getByRole('textbox', { name: 'Path to import' }).fill(exported);
    await form.getByRole('button', { name: 'Import' }).click();
    await result.filter({ hasText: 'was already imported: nothing new to read.' }).waitFor();

    await form.getByRole('textbox', { name: 'Path to import' }).fill(join(dir, 'no-such.log'));
    await form.getByRole('button', { name: 'Import' }).click();
    await form.getByText(/io-error: .*no-such\.log/).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('shows the store on the Sources page and saves limits on how long it keeps data', async () => {
    const panel = page.getByRole('region', { name: 'Storage' });
    await panel.getByTestId('storage-summary').filter({ hasText: /MiB in use, .* on disk · [\d,]+ events · log time / }).waitFor();
    expect(await panel.getByTestId('storage-limits').textContent()).toBe('No limit: the store keeps everything.');
    const form = panel.getByRole('form', { name: 'Storage limits' });
    await form.getByRole('textbox', { name: 'Days to keep' }).fill('0');
    await form.getByRole('button', { name: 'Save limits' }).click();
    await form.getByText('Days must be a whole number of at least 1, or empty for no limit').waitFor();
    await form.getByRole('textbox', { name: 'Days to keep' }).fill('365');
    await form.getByRole('textbox', { name: 'Size limit in MiB' }).fill('4096');
    await form.getByRole('button', { name: 'Save limits' }).click();
    await form.getByRole('status', { name: 'Storage saved' }).filter({ hasText: 'Saved. Keeps 365 days of log time, and under 4,096 MiB.' }).waitFor();
    await panel.getByTestId('storage-limits').filter({ hasText: /^Keeps 365 days of log time, and under 4,096 MiB\.$/ }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
