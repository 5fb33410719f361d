// The console in a real browser (B-U1 … B-U6): Debian's Chromium driven by playwright-core against the local host
// with the demo simulators and 5,000 more users in Table Storage; no JavaScript on the pages, forms post and come back.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startDemo, type Demo } from '../../shared/local/demo';
import { DEMO_MAILBOXES } from '../../shared/local/demo-company';
import { startLocalHost, type LocalHost } from '../../shared/local/local-host';
import { seedUsers, userAddress } from '../support/console-users';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const SCREENSHOT = join(__dirname, '..', '..', '..', 'docs', 'status-overview.png');
const ADELE = DEMO_MAILBOXES[0]!;
const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run does)`;

describe('console in a browser', { skip }, () => {
  let demo: Demo;
  let host: LocalHost;
  let browser: Browser;
  let page: Page;
  const overview = (): string => `${host.url}/api/admin/status.html`;
  const idle = (): Promise<void> => host.queue.idle();

  before(async () => {
    demo = await startDemo();
    host = await startLocalHost({ env: { ...demo.env, MASS_DELETE_MIN_COUNT: '1', MASS_DELETE_MAX_SHARE: '0.2' }, port: 0, timers: false, log: () => undefined });
    await seedUsers(host.runtime.services.tables, 5000, new Date().toISOString());
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    page = await browser.newPage({ javaScriptEnabled: false, viewport: { width: 1200, height: 900 } });
  });

  after(async () => {
    await browser?.close();
    await host?.stop();
    await demo?.stop();
  });

  it('B-U2: signs in with the link once, then starts the synchronizer from the page and says so', async () => {
    await page.goto(`${overview()}?code=${encodeURIComponent(host.adminToken)}`);
    assert.ok(!page.url().includes('code='), 'the token left the address bar');
    assert.equal(await page.textContent('#sync-state'), 'Stopped');
    await page.click('button:has-text("Start synchronizing")');
    assert.match((await page.textContent('.flash')) ?? '', /Synchronizer started for 2 sync users/);
    assert.equal(await page.textContent('#sync-state'), 'Started');
    assert.equal(await page.locator('button:has-text("Start synchronizing")').count(), 0, 'no Start on a started synchronizer');
    await idle();
  });

  it('B-U1: counts users by health, finds a user by address and pages through 5,000 users; screenshot for the README', async () => {
    await page.goto(overview());
    const ok = Number(((await page.textContent('[data-health="ok"].n')) ?? '').replace(/,/g, ''));
    assert.ok(ok > 4000, `most users are ok (${ok})`);
    await page.screenshot({ path: SCREENSHOT, fullPage: false });
    await page.fill('#q', 'user04999');
    await page.click('button:has-text("Search")');
    assert.equal(await page.locator('#users tbody tr').count(), 1);
    assert.equal(await page.textContent('#users tbody tr th a'), userAddress(4999));
    await page.goto(overview());
    const firstPage = await page.locator('#users tbody tr th a').allTextContents();
    assert.equal(await page.getAttribute('#users tbody tr', 'data-health'), 'failing', 'problems first');
    await page.click('a[rel="next"]');
    assert.match((await page.textContent('#page-info')) ?? '', /Users 51–100 of 5,002 · page 2 of 101/);
    const secondPage = await page.locator('#users tbody tr th a').allTextContents();
    assert.equal(secondPage.filter((u) => firstPage.includes(u)).length, 0, 'another 50 users');
    await page.goto(`${overview()}?page=101`);
    assert.match((await page.textContent('#page-info')) ?? '', /page 101 of 101/);
  });

  it('B-U3: shows the held deletions item by item and confirms them from the page', async () => {
    for (const key of ['CON000101', 'CON000102', 'CON000103']) demo.ln.deleteContact(key);
    await page.goto(`${host.url}/api/admin/console/users/${encodeURIComponent(ADELE)}`);
    await page.click('button:has-text("Sync contacts now")');
    assert.match((await page.textContent('.flash')) ?? '', /Queued a synchronization of the changes of contacts/);
    await idle();
    await page.reload();
    const held = await page.locator('table.held tbody tr td:nth-child(2)').allTextContents();
    assert.deepEqual(held.sort(), ['CON000101', 'CON000102', 'CON000103']);
    assert.match((await page.textContent('table.held')) ?? '', /Ada Lovelace/);
    await page.click('button:has-text("Confirm: delete these contacts")');
    assert.match((await page.textContent('.flash')) ?? '', /Confirmed: the held contacts deletions/);
    await idle();
    await page.reload();
    assert.equal(await page.locator('table.held').count(), 0, 'the hold is gone');
  });

  it('B-U4: opens the history of a deleted item by its LN key', async () => {
    await page.fill('#item', 'CON000101');
    await page.click('button:has-text("Show history")');
    const history = (await page.textContent('#history')) ?? '';
    assert.match(history, /Contact: Ada Lovelace · LN key CON000101/);
    assert.match(history, /deleted in Exchange/);
    assert.match(history, /created in Exchange/);
  });

  it('B-U5: runs a preview that shows the pending change without applying it', async () => {
    demo.ln.updateContact('CON000104', { JobTitle: 'Logician' });
    await page.click('a:has-text("Preview contacts")');
    const preview = (await page.textContent('#preview')) ?? '';
    assert.match(preview, /Kurt Gödel/);
    assert.match(preview, /updated/);
    assert.ok(!/B-[A-Z]+\d+/.test(preview), 'B-U6: no rule id in the text');
  });

  it('B-U2, B-U6: stops and starts again, the controls following the state, times in plain words', async () => {
    await page.goto(overview());
    await page.click('button:has-text("Stop synchronizing")');
    assert.match((await page.textContent('.flash')) ?? '', /Synchronizer stopped/);
    assert.equal(await page.textContent('#sync-state'), 'Stopped');
    assert.match((await page.textContent('main')) ?? '', /just now|seconds? ago/);
    await page.click('button:has-text("Start synchronizing")');
    assert.equal(await page.textContent('#sync-state'), 'Started');
    await idle();
  });
});
