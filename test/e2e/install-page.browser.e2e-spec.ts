import { Browser, Page } from 'playwright-core';
import { createPartner } from '../support/fixtures';
import { launchBrowser } from '../support/browser';
import { startBitrix24World, ticketFromInstallPage, Bitrix24World } from '../support/bitrix24-setup';

// Stands in for Bitrix24's JS library inside the portal's iframe: records installFinish calls.
const BX24_STUB = 'window.BX24 = { installFinish: function () { window.installFinishCalls = (window.installFinishCalls || 0) + 1; } };';

describe('the install page, in a real browser', () => {
  let w: Bitrix24World;
  let browser: Browser;
  beforeAll(async () => {
    w = await startBitrix24World();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  /** Shows the HTML the portal received, under our own origin, as the portal's iframe would. */
  async function open(html: string): Promise<Page> {
    const page = await browser.newPage();
    const appUrl = w.t.url.replace('[::1]', '127.0.0.1');
    await page.route('https://api.bitrix24.com/**', (route) => route.fulfill({ contentType: 'text/javascript', body: BX24_STUB }));
    await page.route(`${appUrl}/installing`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
    await page.goto(`${appUrl}/installing`);
    return page;
  }

  it('shows the agreement, records its acceptance, and only then finishes the installation', async () => {
    await createPartner(w.t.http, { portalDomain: 'browser.bitrix24.test' });
    const portal = w.b24.createPortal({ domain: 'browser.bitrix24.test' });
    const { response } = await portal.install();
    const page = await open(response!.body);

    await page.getByRole('heading', { name: 'Соглашение об обработке персональных данных' }).waitFor();
    expect(await page.evaluate(() => (globalThis as { installFinishCalls?: number }).installFinishCalls)).toBeUndefined();
    expect(await w.t.sql('SELECT 1 FROM compliance.pd_acceptances WHERE member_id = $1', [portal.memberId])).toEqual([]);

    await page.getByRole('button', { name: 'Принять и завершить установку' }).click();
    await page.waitForFunction(() => (globalThis as { installFinishCalls?: number }).installFinishCalls === 1);
    expect(await w.t.sql('SELECT version FROM compliance.pd_acceptances WHERE member_id = $1', [portal.memberId])).toEqual([
      { version: '2026-01' },
    ]);
    await page.screenshot({ path: 'test-results/install-page.png' }).catch(() => undefined);
    await page.close();
  });

  it('when the acceptance cannot be recorded, says so and does not finish the installation', async () => {
    const portal = w.b24.createPortal({ domain: 'browser-fail.bitrix24.test' });
    const { response } = await portal.install();
    const page = await open(response!.body.replace(ticketFromInstallPage(response!.body), 'expired-or-forged'));
    await page.getByRole('button', { name: 'Принять и завершить установку' }).click();
    await page.getByRole('alert').filter({ hasText: 'Не удалось сохранить согласие' }).waitFor();
    expect(await page.evaluate(() => (globalThis as { installFinishCalls?: number }).installFinishCalls)).toBeUndefined();
    expect(await w.t.sql('SELECT 1 FROM compliance.pd_acceptances WHERE member_id = $1', [portal.memberId])).toEqual([]);
    await page.close();
  });
});
