/// <reference lib="dom" />
import type { Frame, Locator, Page } from 'playwright-core';
import type { FakePortal } from '../support/bitrix24-double';
import { AxeLedger, b24Commands, eventually, launchApp, shot, startRig, TECHNICAL, webhookCall, type Rig } from '../support/app-page-browser';

jest.setTimeout(120_000);

const DOMAIN = 'integrator.bitrix24.ru';
const CAP_TEXT = 'В работе 3 из 3 заявок: закройте одну из сделок, чтобы взять новую';

/**
 * Taking requests on ООО Интегратор's portal (cap 3) and following their deals: the contacts, the
 * deal the service creates in the double, the cap, «Мои заявки» as deals are won and lost in the
 * portal's CRM, and our tab in the deal card. The tests build on each other, in order.
 */
describe('the app page in the portal: taking requests and their deals', () => {
  let rig: Rig;
  let page: Page;
  let app: Frame;
  let portal: FakePortal;
  const axe = new AxeLedger();
  /** The requests taken, in order, with their deal ids once created. */
  const taken: Array<{ leadId: string; dealId?: string; place: string; industry: string }> = [];

  beforeAll(async () => {
    rig = await startRig({ partners: ['integrator'] });
    portal = rig.world.portals[DOMAIN];
    page = await rig.newPage();
  });
  afterAll(async () => {
    await rig?.close();
  });
  afterEach(() => {
    expect(rig.problems.splice(0)).toEqual([]);
  });

  const card = (leadId: string): Locator => app.locator(`[data-testid="lead-card"][data-lead-id="${leadId}"]`);

  async function take(index: number): Promise<Locator> {
    const c = app.locator('[data-testid="lead-card"]').nth(index);
    const leadId = (await c.getAttribute('data-lead-id'))!;
    taken.push({ leadId, place: await c.locator('h3').innerText(), industry: await c.getByTestId('lead-industry').innerText() });
    await card(leadId).getByRole('button', { name: 'Взять заявку' }).click();
    await card(leadId).getByTestId('contacts').waitFor();
    return card(leadId);
  }

  async function dealIdOf(link: Locator): Promise<string> {
    const href = (await link.getAttribute('href'))!;
    const m = /\/crm\/deal\/details\/(\d+)\/?/.exec(href);
    if (!m) throw new Error(`deal link ${href}`);
    return m[1];
  }

  it('«Взять заявку» reveals the contacts, says the deal is being created, then «Открыть сделку» opens it in the portal', async () => {
    app = await launchApp(page, rig.world, { domain: DOMAIN });
    await app.locator('[data-testid="lead-card"]').first().waitFor();
    const c = await take(0);
    const { leadId } = taken[0];
    const contact = rig.world.leadContacts[leadId];
    // The service keeps phones in E.164: +7 900 000-00-59 is shown as +79000000059.
    expect((await c.getByTestId('contact-phone').innerText()).trim()).toBe(contact.phone.replace(/[^\d+]/g, ''));
    expect((await c.getByTestId('contact-email').innerText()).trim()).toBe(contact.email);
    expect(await c.getByTestId('contact-name').innerText()).toContain(contact.name);
    await c.getByText('сделка создаётся…').waitFor();
    await shot(page, '10-taken-deal-pending');

    const link = c.getByRole('link', { name: 'Открыть сделку' });
    await link.waitFor({ timeout: 30_000 });
    expect(await c.getByText('сделка создаётся…').count()).toBe(0);
    const dealId = await dealIdOf(link);
    taken[0].dealId = dealId;
    expect(portal.deals().map((d) => d.ID)).toContain(dealId);
    expect((await c.innerText()).match(TECHNICAL)).toBeNull();
    await shot(page, '11-taken-deal-created');
    await axe.check(app, 'after take');

    await link.click();
    const open = await eventually(
      async () => (await b24Commands(page)).filter((cmd) => cmd.command === 'openPath'),
      (cmds) => expect(cmds).toHaveLength(1),
    );
    expect(String(open[0].params?.path)).toContain(`/crm/deal/details/${dealId}/`);
    // The portal page opened the deal card in its slider.
    await eventually(() => page.locator('#b24-slider').getAttribute('data-url'), (url) => expect(url).toContain(`/${DOMAIN}/crm/deal/details/${dealId}/`));
    await page.getByRole('button', { name: '✕ Закрыть' }).click();
  });

  it('at the cap of 3 the other cards show the disabled button and the cap sentence', async () => {
    await take(1);
    await take(2);
    for (const t of taken) {
      const link = card(t.leadId).getByRole('link', { name: 'Открыть сделку' });
      await link.waitFor({ timeout: 30_000 });
      t.dealId = await dealIdOf(link);
    }
    expect(new Set(taken.map((t) => t.dealId)).size).toBe(3);
    expect(await app.getByTestId('cap').innerText()).toBe('В работе 3 из 3');

    const others = app.locator('[data-testid="lead-card"]').filter({ has: app.getByRole('button', { name: 'Взять заявку' }) });
    await eventually(() => others.count(), (n) => expect(n).toBe(17));
    const buttons = others.getByRole('button', { name: 'Взять заявку' });
    for (let i = 0; i < (await buttons.count()); i++) expect(await buttons.nth(i).isDisabled()).toBe(true);
    const reasons = await others.getByTestId('cap-reason').allInnerTexts();
    expect(reasons).toHaveLength(17);
    expect(new Set(reasons.map((r) => r.trim()))).toEqual(new Set([CAP_TEXT]));
    await shot(page, '12-cap-reached');
    await axe.check(app, 'cap reached');
  });

  /** «Мои заявки» reads its claims again every 10 s: waits on the open page until `check` passes. */
  async function myClaims<T>(read: (f: Frame) => Promise<T>, check: (v: T) => void): Promise<T> {
    if (!(await app.getByRole('heading', { name: 'Мои заявки' }).isVisible())) {
      await app.getByRole('link', { name: 'Мои заявки' }).click();
      await app.locator('[data-testid="claim-row"], [data-testid="empty-state"]').first().waitFor();
    }
    return eventually(() => read(app), check, { timeout: 30_000 });
  }

  const row = (f: Frame, dealId: string) =>
    f.locator('[data-testid="claim-row"]').filter({ has: f.locator(`a[href*="/crm/deal/details/${dealId}/"]`) });

  const rows = (f: Frame) =>
    f.locator('[data-testid="claim-row"]').evaluateAll((els) =>
      els.map((e) => ({
        status: e.querySelector('[data-testid="claim-status"]')?.textContent?.trim() ?? '',
        takenBy: e.querySelector('[data-testid="claim-taken-by"]')?.textContent?.trim() ?? '',
        awaiting: e.querySelector('[data-testid="awaiting-proof"]')?.textContent?.trim() ?? '',
        deal: e.querySelector('a[href*="/crm/deal/details/"]')?.getAttribute('href') ?? '',
        text: (e as HTMLElement).innerText,
      })),
    );

  async function crmAction(dealId: string, action: 'win' | 'lose', portalAddress?: string): Promise<void> {
    const crm = await rig.newPage();
    await crm.goto(rig.world.crmUrl(DOMAIN));
    const tr = crm.locator(`tr[data-deal-id="${dealId}"]`);
    if (action === 'win') {
      if (portalAddress) await tr.getByPlaceholder('Адрес портала').fill(portalAddress);
      await tr.getByRole('button', { name: 'Выиграна' }).click();
    } else {
      await tr.getByRole('button', { name: 'Проиграна' }).click();
    }
    await crm.waitForURL(/\/crm\/deal\/$/);
    await crm.close();
  }

  const slots = (f: Frame) => f.getByTestId('slots').innerText();

  it('«Мои заявки» follows the deals: в работе → won without the portal address → выиграна; проиграна; slots go down', async () => {
    const [a, b, c] = taken.map((t) => t.dealId!);
    const first = await myClaims(rows, (r) => {
      expect(r).toHaveLength(3);
      expect(r.every((x) => x.deal !== '')).toBe(true);
    });
    expect(first.map((r) => r.status)).toEqual(['в работе', 'в работе', 'в работе']);
    expect(first.map((r) => r.takenBy)).toEqual(Array(3).fill('Взял(а): Анна Администраторова'));
    expect(await slots(app)).toBe('Занято слотов: 3 из 3');
    await shot(page, '13-my-claims');
    await axe.check(app, 'my claims');

    // Won in the CRM, the «Адрес портала» field left empty.
    await crmAction(a, 'win');
    const awaiting = await myClaims(
      async (f) => ({ status: await row(f, a).getByTestId('claim-status').innerText(), text: await row(f, a).innerText() }),
      (r) => expect(r.status.trim()).toBe('выиграна, но без адреса портала'),
    );
    expect(awaiting.text).toContain(`Сделка №${a} выиграна, но поле «Адрес портала» не заполнено`);
    await shot(page, '14-my-claims-awaiting-portal');
    await axe.check(app, 'my claims, awaiting the portal address');

    // The field filled in the deal card afterwards (one save of the card: crm.deal.update).
    const field = String(portal.userFields().find((f) => f.label === 'Адрес портала')!.fieldName);
    const hook = portal.addWebhook();
    await webhookCall(hook, 'crm.deal.update', { id: a, fields: { [field]: 'client-a.bitrix24.ru' } });
    const won = await myClaims(
      async (f) => ({ status: await row(f, a).getByTestId('claim-status').innerText(), text: await row(f, a).innerText() }),
      (r) => expect(r.status.trim()).toBe('выиграна'),
    );
    expect(won.text).toContain('Портал клиента: client-a.bitrix24.ru');
    expect(won.text).not.toContain('не заполнено');

    await crmAction(b, 'lose');
    const final = await myClaims(
      async (f) => ({ b: await row(f, b).getByTestId('claim-status').innerText(), c: await row(f, c).getByTestId('claim-status').innerText(), slots: await slots(f) }),
      (r) => {
        expect(r.b.trim()).toBe('проиграна');
        expect(r.slots).toBe('Занято слотов: 1 из 3');
      },
    );
    expect(final.c.trim()).toBe('в работе');
    expect(await app.getByTestId('cap').innerText()).toBe('В работе 1 из 3');
    await shot(page, '15-my-claims-closed');
  });

  async function openDealTab(dealId: string): Promise<Frame> {
    await page.goto(`${rig.world.b24.url}/${DOMAIN}/crm/deal/details/${dealId}/`);
    await page.locator('.tabs a[data-placement="CRM_DEAL_DETAIL_TAB"]').click();
    const handle = await page.waitForSelector('iframe.app');
    const deadline = Date.now() + 15_000;
    for (;;) {
      const f = await handle.contentFrame();
      if (f && f.url().startsWith(rig.world.url)) {
        await f.getByTestId('deal-tab').waitFor();
        return f;
      }
      if (Date.now() > deadline) throw new Error('the deal tab never loaded');
      await page.waitForEvent('framenavigated', { timeout: 15_000 }).catch(() => undefined);
    }
  }

  it("the deal card's tab shows the request, the claim's status and what is missing to count it as won", async () => {
    const c = taken[2];
    const tab = await openDealTab(c.dealId!);
    await tab.getByTestId('deal-tab-lead').waitFor();
    const lead = await tab.getByTestId('deal-tab-lead').innerText();
    expect(lead).toContain(c.place);
    expect(lead).toContain(c.industry);
    expect((await tab.getByTestId('claim-status').innerText()).trim()).toBe('в работе');
    expect(await tab.getByTestId('missing-for-win').innerText()).toContain(
      'Чтобы заявка засчиталась, переведите сделку в успешную стадию и заполните поле «Адрес портала»',
    );
    expect(await tab.locator('body').innerText()).not.toMatch(TECHNICAL);
    await shot(page, '16-deal-tab');
    await axe.check(tab, 'deal tab');

    const won = await openDealTab(taken[0].dealId!);
    await won.getByTestId('missing-for-win').waitFor();
    expect((await won.getByTestId('claim-status').innerText()).trim()).toBe('выиграна');
    expect(await won.getByTestId('missing-for-win').innerText()).toMatch(/^Заявка засчитана/);
  });

  it('the tab of a deal made directly in the portal says it is not from a request', async () => {
    const hook = portal.addWebhook();
    const id = String(await webhookCall(hook, 'crm.deal.add', { fields: { TITLE: 'Продление лицензии, без заявки' } }));
    const tab = await openDealTab(id);
    await tab.getByText('Эта сделка создана не из заявки на внедрение Битрикс24.').waitFor();
    expect(await tab.getByTestId('claim-status').count()).toBe(0);
    await shot(page, '17-deal-tab-not-from-request');
    await axe.check(tab, 'deal tab, not from a request');
  });

  it('axe-core: no serious or critical violation on any screen of this file', () => {
    axe.expectClean(['after take', 'cap reached', 'my claims', 'my claims, awaiting the portal address', 'deal tab', 'deal tab, not from a request']);
  });
});
