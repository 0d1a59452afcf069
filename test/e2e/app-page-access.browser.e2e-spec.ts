/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { AxeLedger, launchApp, operatorPost, shot, startRig, TECHNICAL, type Rig } from '../support/app-page-browser';

jest.setTimeout(120_000);

const INTEGRATOR = 'integrator.bitrix24.ru';
const BLOCKED = 'blocked-partner.bitrix24.ru';

/**
 * Who may take requests: a partner whose contract is blocked, and a portal that has yet to accept
 * a new version of the personal-data agreement (an administrator may accept it, a user may not).
 */
describe('the app page in the portal: who may take requests', () => {
  let rig: Rig;
  let page: Page;
  const axe = new AxeLedger();

  beforeAll(async () => {
    rig = await startRig({ partners: ['integrator', 'blocked'] });
    rig.world.portals[INTEGRATOR].addUser({ id: 2, name: 'Борис', lastName: 'Менеджеров', admin: false });
    page = await rig.newPage();
  });
  afterAll(async () => {
    await rig?.close();
  });
  afterEach(() => {
    expect(rig.problems.splice(0)).toEqual([]);
  });

  it('a partner whose contract is blocked gets no «Взять заявку», but the reason, what to do, and the failing rule', async () => {
    const app = await launchApp(page, rig.world, { domain: BLOCKED });
    await app.locator('[data-testid="lead-card"]').first().waitFor();
    await app.getByTestId('ineligible-banner').waitFor();
    expect(await app.getByRole('button', { name: 'Взять заявку' }).count()).toBe(0);
    const banner = await app.getByTestId('ineligible-banner').innerText();
    expect(banner).toContain('Ваша компания сейчас не может брать заявки');
    expect(banner).toContain('Что сделать:');
    const reasons = await app.getByTestId('ineligible-rule-reason').allInnerTexts();
    expect(reasons.length).toBeGreaterThan(0);
    expect(await app.getByTestId('ineligible-rule-action').count()).toBeGreaterThan(0);
    expect(await app.locator('body').innerText()).not.toMatch(TECHNICAL);
    await shot(page, '20-ineligible-list');
    await axe.check(app, 'ineligible list');

    await app.getByRole('link', { name: 'Условия участия' }).first().click();
    const rule = app.locator('[data-testid="eligibility-rule"][data-rule="CONTRACT_ACTIVE"]');
    await rule.waitFor();
    expect(await rule.getAttribute('data-state')).toBe('fail');
    expect(await rule.getByTestId('rule-action').innerText()).toMatch(/^Что сделать:/);
    expect(await app.getByTestId('eligibility-summary').innerText()).toContain('Ваша компания сейчас не может брать заявки');
    expect(await app.locator('body').innerText()).not.toMatch(TECHNICAL);
    await shot(page, '21-eligibility-blocked');
    await axe.check(app, 'eligibility (blocked)');
  });

  it('a new agreement version: a user who is not an administrator reads that only an administrator can accept it, and cannot take', async () => {
    await operatorPost(rig.world, '/api/v1/compliance/pd-agreements', {
      version: '2026-12',
      text: 'Соглашение об обработке персональных данных, редакция декабря 2026 года.\nПартнёр обрабатывает контакты клиентов только для внедрения Битрикс24.',
    });
    const app = await launchApp(page, rig.world, { domain: INTEGRATOR, query: 'user=2' });
    await app.getByTestId('agreement-alert').waitFor();
    expect(await app.getByTestId('agreement-admin-only').innerText()).toBe(
      'Принять соглашение может только администратор портала: попросите его открыть приложение.',
    );
    expect(await app.getByRole('button', { name: 'Принять соглашение' }).count()).toBe(0);
    await app.locator('[data-testid="lead-card"]').first().waitFor();

    // /me already says the portal has not accepted the version: the page offers no take at all and
    // says why, in Russian, on each card (LeadCard's refusal for PD_AGREEMENT_REQUIRED is not reachable).
    expect(await app.getByRole('button', { name: 'Взять заявку' }).count()).toBe(0);
    const reason = await app.getByTestId('ineligible-reason').first().innerText();
    expect(reason).toContain('Ваша компания сейчас не может брать заявки.');
    expect(reason).toContain('Что сделать: Администратор портала должен открыть приложение и принять соглашение.');
    expect(await app.getByTestId('contacts').count()).toBe(0);
    const text = await app.locator('body').innerText();
    expect(text).not.toContain('PD_AGREEMENT_REQUIRED');
    expect(text).not.toMatch(TECHNICAL);
    await shot(page, '22-agreement-not-admin');
    await axe.check(app, 'agreement (not an administrator)');
  });

  it('an administrator accepts the new version with «Принять соглашение» and then takes a request', async () => {
    const app = await launchApp(page, rig.world, { domain: INTEGRATOR });
    await app.getByTestId('agreement-alert').waitFor();
    await app.locator('[data-testid="lead-card"]').first().waitFor();
    await shot(page, '23-agreement-admin');
    await axe.check(app, 'agreement (administrator)');
    await app.getByRole('button', { name: 'Показать текст соглашения' }).click();
    await app.getByTestId('agreement-text').getByText('редакция декабря 2026 года', { exact: false }).waitFor();

    await app.getByRole('button', { name: 'Принять соглашение' }).click();
    await app.getByText('Соглашение принято').waitFor();

    const c = app.locator('[data-testid="lead-card"]').first();
    const take = c.getByRole('button', { name: 'Взять заявку' });
    await take.waitFor();
    await take.click();
    await c.getByTestId('contacts').waitFor();
    expect(await c.getByTestId('claim-refusal').count()).toBe(0);
    expect(await c.getByTestId('contact-phone').count()).toBe(1);
    await shot(page, '24-agreement-accepted-taken');
  });

  it('axe-core: no serious or critical violation on any screen of this file', () => {
    axe.expectClean(['ineligible list', 'eligibility (blocked)', 'agreement (not an administrator)', 'agreement (administrator)']);
  });
});

