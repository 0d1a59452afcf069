import { Browser, Page } from 'playwright-core';
import { createPartner } from '../support/fixtures';
import { launchBrowser } from '../support/browser';
import { startBitrix24World, Bitrix24World } from '../support/bitrix24-setup';
import { FakePortal } from '../support/bitrix24-double';

/**
 * The install page inside the double's imitation of a portal, which opens the installer while the
 * app is not installed yet and answers the frame protocol the bundled SDK speaks.
 */
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

  async function openInstaller(portal: FakePortal): Promise<Page> {
    const page = await browser.newPage();
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('http://127.0.0.1') && !r.url().startsWith('data:')) external.push(r.url());
    });
    page.on('close', () => expect(external).toEqual([]));
    await page.goto(`${w.b24.url}/${portal.domain}/marketplace/app/`);
    return page;
  }

  const commands = (page: Page) => page.evaluate(() => ((globalThis as { __b24Commands?: Array<{ command: string }> }).__b24Commands ?? []).map((c) => c.command));

  it('shows the agreement, records its acceptance, and only then finishes the installation', async () => {
    await createPartner(w.t.http, { portalDomain: 'browser.bitrix24.test' });
    const portal = w.b24.createPortal({ domain: 'browser.bitrix24.test' });
    await portal.install();
    const page = await openInstaller(portal);
    const installer = page.frameLocator('iframe').first();

    await installer.getByRole('heading', { name: 'Соглашение об обработке персональных данных' }).waitFor();
    expect(await commands(page)).not.toContain('setInstallFinish');
    expect(await w.t.sql('SELECT 1 FROM compliance.pd_acceptances WHERE member_id = $1', [portal.memberId])).toEqual([]);

    await installer.getByRole('button', { name: 'Принять и завершить установку' }).click();
    await page.waitForFunction(() =>
      ((globalThis as { __b24Commands?: Array<{ command: string }> }).__b24Commands ?? []).some((c) => c.command === 'setInstallFinish'),
    );
    expect(await w.t.sql('SELECT version FROM compliance.pd_acceptances WHERE member_id = $1', [portal.memberId])).toEqual([
      { version: '2026-01' },
    ]);
    expect((portal as unknown as { appState: string }).appState).toBe('installed');
    await page.screenshot({ path: 'test-results/install-page.png' }).catch(() => undefined);
    await page.close();
  });

  it('when the acceptance cannot be recorded, says so and does not finish the installation', async () => {
    const portal = w.b24.createPortal({ domain: 'browser-fail.bitrix24.test' });
    await portal.install();
    const page = await openInstaller(portal);
    const installer = page.frameLocator('iframe').first();
    await installer.getByRole('button', { name: 'Принять и завершить установку' }).waitFor();
    // A forged ticket: the service refuses to record the acceptance.
    const frame = page.frames().find((f) => f.url().includes('/b24/install'))!;
    await frame.evaluate(() => document.querySelector('meta[name="install-ticket"]')!.setAttribute('content', 'forged-ticket'));
    await installer.getByRole('button', { name: 'Принять и завершить установку' }).click();
    await installer.getByRole('alert').filter({ hasText: 'Не удалось сохранить согласие' }).waitFor();
    expect(await commands(page)).not.toContain('setInstallFinish');
    expect(await w.t.sql('SELECT 1 FROM compliance.pd_acceptances WHERE member_id = $1', [portal.memberId])).toEqual([]);
    expect((portal as unknown as { appState: string }).appState).toBe('pending');
    await page.close();
  });
});
