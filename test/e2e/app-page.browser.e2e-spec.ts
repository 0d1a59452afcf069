/// <reference lib="dom" />
import type { Frame, Page } from 'playwright-core';
import type { PortalState } from '../support/bitrix24-double/fake-portal';
import {
  AxeLedger,
  b24Commands,
  eventually,
  launchApp,
  shot,
  startRig,
  TECHNICAL,
  type Rig,
} from '../support/app-page-browser';
import { leadBody } from '../support/fixtures';

jest.setTimeout(120_000);

/**
 * The app page as a partner's employee sees it inside the double's portal: the list, its filters
 * and paging, a narrow screen, and launches the service refuses. No request is taken here.
 */
describe('the app page in the portal: the list', () => {
  let rig: Rig;
  let page: Page;
  let app: Frame;
  const axe = new AxeLedger();
  beforeAll(async () => {
    rig = await startRig({ partners: ['integrator'] });
    page = await rig.newPage();
  });
  afterAll(async () => {
    await rig?.close();
  });
  afterEach(() => {
    // Console errors and uncaught exceptions of the app, during any of the flows.
    const seen = rig.problems.splice(0);
    expect(seen).toEqual([]);
  });

  const cards = () => app.locator('[data-testid="lead-card"]');
  const leadIds = () => cards().evaluateAll((els) => els.map((e) => e.getAttribute('data-lead-id')!));
  const publishedAt = () =>
    app.locator('[data-testid="lead-card"] [data-testid="lead-dates"] > span:first-child > time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')!));

  it('opens inside the portal: the newest requests first, contacts masked, free places, the frame protocol spoken', async () => {
    app = await launchApp(page, rig.world);
    await cards().first().waitFor();
    expect(await cards().count()).toBe(20);

    const dates = await publishedAt();
    expect(dates).toHaveLength(20);
    expect([...dates].sort().reverse()).toEqual(dates);

    const text = await app.locator('body').innerText();
    for (const c of Object.values(rig.world.leadContacts)) {
      expect(text).not.toContain(c.phone);
      expect(text).not.toContain(c.phone.replace(/[^\d+]/g, ''));
      expect(text).not.toContain(c.email);
    }
    expect(text).not.toMatch(/@example\.ru|\+7 ?900 ?000/);
    expect(await app.getByTestId('contacts-masked').count()).toBe(20);
    const places = await app.getByTestId('lead-places').allInnerTexts();
    expect(places.every((p) => /^свободно мест: (\d+) из \1$/.test(p.trim()))).toBe(true);
    expect(await app.getByRole('button', { name: 'Взять заявку' }).count()).toBe(20);
    expect(await app.getByTestId('partner-name').innerText()).toBe('ООО Интегратор');

    await eventually(
      async () => (await b24Commands(page)).map((c) => c.command),
      (commands) => expect(commands).toEqual(expect.arrayContaining(['getInitData', 'resizeWindow'])),
    );
    // The portal page grew the iframe to the app's height.
    const height = await page.locator('iframe.app').evaluate((f) => f.getBoundingClientRect().height);
    expect(height).toBeGreaterThan(400);

    await shot(page, '01-list');
    await axe.check(app, 'list');
  });

  it('filters by region and product, keeps the filter in the frame URL, and «Сбросить» restores the full list', async () => {
    const all = await leadIds();
    const region = (await cards().first().locator('h3').innerText()).split(',')[0].trim();

    await app.getByTestId('filter-region').click();
    await app.getByRole('option', { name: region, exact: true }).click();
    await eventually(() => hashQuery(app.url()).get('region'), (r) => expect(r).toBe(region));
    await eventually(
      () => app.locator('[data-testid="lead-card"] h3').allInnerTexts(),
      (heads) => expect(heads.filter((h) => !h.startsWith(region))).toEqual([]),
    );

    await app.getByTestId('filter-product').click();
    await app.getByRole('option', { name: 'облако', exact: true }).click();
    await eventually(() => hashQuery(app.url()).get('product'), (p) => expect(p).toBe('cloud'));
    await eventually(
      async () => ({
        heads: await app.locator('[data-testid="lead-card"] h3').allInnerTexts(),
        products: await app.getByTestId('lead-product').allInnerTexts(),
      }),
      ({ heads, products }) => {
        expect(heads.length).toBeGreaterThan(0);
        expect(heads.filter((h) => !h.startsWith(region))).toEqual([]);
        expect(products.map((p) => p.trim()).filter((p) => p !== 'облако')).toEqual([]);
      },
    );
    expect(hashQuery(app.url()).get('region')).toBe(region);
    await shot(page, '02-filtered');

    await app.getByRole('button', { name: 'Сбросить' }).click();
    await eventually(leadIds, (ids) => expect(ids).toEqual(all));
    expect([...hashQuery(app.url()).keys()]).toEqual([]);
  });

  it('«Показать ещё» appends the next page: 20, then 40, no request twice, still newest first', async () => {
    const first = await leadIds();
    expect(first).toHaveLength(20);
    await app.getByRole('button', { name: 'Показать ещё' }).click();
    await eventually(() => cards().count(), (n) => expect(n).toBe(40));
    const ids = await leadIds();
    expect(new Set(ids).size).toBe(40);
    expect(ids.slice(0, 20)).toEqual(first);
    const dates = await publishedAt();
    expect([...dates].sort().reverse()).toEqual(dates);
    await app.getByRole('button', { name: 'Показать ещё' }).click();
    await eventually(() => cards().count(), (n) => expect(n).toBe(60));
    expect(new Set(await leadIds()).size).toBe(60);
    expect(await app.getByRole('button', { name: 'Показать ещё' }).count()).toBe(0);
  });

  it('a request published while the page is open appears at the top without a reload, marked «Новая»', async () => {
    await cards().first().waitFor();
    const body = leadBody({ company: { name: 'ООО Свежая заявка', industry: 'Логистика', sizeBand: '11-50', region: 'Калужская область', city: 'Обнинск' } });
    const answer = await fetch(`${rig.world.url}/api/v1/leads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': rig.world.keys.intake },
      body: JSON.stringify(body),
    });
    expect(answer.status).toBe(201);
    const { id } = (await answer.json()) as { id: string };
    // The page polls every 30 s and whenever it becomes visible again (the user comes back to the tab).
    await app.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    const fresh = app.locator(`[data-testid="lead-card"][data-lead-id="${id}"]`);
    await fresh.waitFor();
    expect((await leadIds())[0]).toBe(id);
    expect(await fresh.getByTestId('new-badge').innerText()).toBe('Новая');
    expect(await fresh.locator('h3').innerText()).toBe('Калужская область, Обнинск');
    expect(await fresh.innerText()).not.toContain('ООО Свежая заявка');
  });

  it('shows loading, error and empty states in words, and recovers with «Повторить» and «Сбросить»', async () => {
    await cards().first().waitFor();
    const isList = (url: URL) => url.pathname === '/api/v1/leads';
    // The service is unreachable for the list: first slow, then refusing connections.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(isList, async (route) => {
      await held;
      await route.abort('connectionrefused');
    });
    await app.evaluate(() => (location.hash = '#/?product=box'));
    await app.getByTestId('loading-state').waitFor();
    expect(await app.getByTestId('loading-state').getAttribute('aria-busy')).toBe('true');
    release();
    const failed = app.getByTestId('error-state');
    await failed.waitFor();
    const failure = await failed.innerText();
    expect(failure).toContain('Не удалось загрузить заявки');
    expect(failure).not.toMatch(TECHNICAL);
    await shot(page, '07-list-error');
    await axe.check(app, 'list error');

    await page.unroute(isList);
    await failed.getByRole('button', { name: 'Повторить' }).click();
    await eventually(() => cards().count(), (n) => expect(n).toBeGreaterThan(0));
    expect(await cards().locator('[data-testid="lead-product"]').allInnerTexts()).toEqual(expect.arrayContaining(['коробка']));

    await app.evaluate(() => (location.hash = '#/?region=' + encodeURIComponent('Нет такого региона')));
    const empty = app.getByTestId('empty-state');
    await empty.waitFor();
    expect(await empty.innerText()).toContain('По этим фильтрам заявок нет');
    await shot(page, '08-list-empty');
    await axe.check(app, 'list empty');
    await empty.getByRole('button', { name: 'Сбросить' }).click();
    await eventually(() => cards().count(), (n) => expect(n).toBe(20));
    // The browser itself logs the refused connections this test made; nothing else may be logged.
    const refused = rig.problems.filter((p) => /ERR_CONNECTION_REFUSED/.test(p));
    expect(refused.length).toBeGreaterThan(0);
    rig.problems.splice(0, rig.problems.length, ...rig.problems.filter((p) => !refused.includes(p)));
  });

  it('at 360 px the list has no horizontal scroll and the take button is in view; at slider width too', async () => {
    const narrow = await rig.newPage({ viewport: { width: 360, height: 800 } });
    await narrow.goto(`${rig.world.appPageUrl()}?IFRAME=Y`);
    const frame = await (await narrow.waitForSelector('iframe.app')).contentFrame();
    const small = frame!;
    await small.locator('[data-testid="lead-card"]').first().waitFor();
    const widths = await small.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    const button = small.getByRole('button', { name: 'Взять заявку' }).first();
    await button.scrollIntoViewIfNeeded();
    const box = await button.boundingBox();
    const frameBox = await narrow.locator('iframe.app').boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(frameBox!.x);
    expect(box!.x + box!.width).toBeLessThanOrEqual(frameBox!.x + frameBox!.width);
    await shot(narrow, '03-list-360px');
    await axe.check(small, 'list at 360 px');

    const slider = await rig.newPage({ viewport: { width: 1000, height: 800 } });
    await slider.goto(`${rig.world.appPageUrl()}?IFRAME=Y`);
    const wide = (await (await slider.waitForSelector('iframe.app')).contentFrame())!;
    await wide.locator('[data-testid="lead-card"]').first().waitFor();
    const w = await wide.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(w.scroll).toBeLessThanOrEqual(w.client);
    await shot(slider, '04-list-1000px');
  });

  it('a forged launch shows, in Russian, that the launch could not be verified — no code, no stack', async () => {
    const portal = rig.world.portals['integrator.bitrix24.ru'] as unknown as PortalState;
    const forged = portal.launchRequestFor({ forgeApplicationToken: 'x' });
    const top = await rig.newPage();
    await top.setContent(
      `<form id="f" method="post" action="${forged.url}">${Object.entries(forged.form)
        .map(([k, v]) => `<input type="hidden" name="${k}" value="${String(v).replace(/"/g, '&quot;')}">`)
        .join('')}</form>`,
    );
    await Promise.all([top.waitForURL((u) => u.toString().startsWith(rig.world.url)), top.evaluate(() => (document.getElementById('f') as HTMLFormElement).submit())]);
    await top.getByRole('heading', { name: 'Не удалось проверить запуск' }).waitFor();
    const text = await top.locator('body').innerText();
    expect(text).toContain('откройте приложение заново');
    expect(text).not.toMatch(TECHNICAL);
    await shot(top, '05-forged-launch');
    await axe.check(top.mainFrame(), 'forged launch');
    // The browser logs the refused document's own 401; that is the answer under test, not an app error.
    const own = rig.problems.filter((p) => p.includes(forged.url) && /status of 401/.test(p));
    rig.problems.splice(0, rig.problems.length, ...rig.problems.filter((p) => !own.includes(p)));
  });

  it('a portal of no partner shows «Портал не подключён к программе»', async () => {
    const portal = rig.world.b24.createPortal({ domain: 'no-partner.bitrix24.ru', bucket: { capacity: 10_000, drainPerSecond: 50 } });
    await portal.install({ headless: true });
    const top = await rig.newPage();
    await top.goto(rig.world.appPageUrl('no-partner.bitrix24.ru'));
    const frame = top.frameLocator('iframe.app');
    await frame.getByRole('heading', { name: 'Портал не подключён к программе' }).waitFor();
    const text = await frame.locator('body').innerText();
    expect(text).toContain('no-partner.bitrix24.ru');
    expect(text).not.toMatch(TECHNICAL);
    await shot(top, '06-no-partner');
    const notice = (await (await top.waitForSelector('iframe.app')).contentFrame())!;
    await axe.check(notice, 'no partner');
  });

  it('axe-core: no serious or critical violation on any screen of this file', () => {
    axe.expectClean(['list', 'list error', 'list empty', 'list at 360 px', 'forged launch', 'no partner']);
  });
});

/** The query of the SPA's hash route: #/?region=…&product=… */
function hashQuery(url: string): URLSearchParams {
  const hash = new URL(url).hash;
  return new URLSearchParams(hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : '');
}
