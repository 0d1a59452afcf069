import { installedPortal, type Fixture } from './fixture';
import { postJson } from './receiver';

/** The hidden inputs, the action and the target of the page's launch form. */
function launchForm(html: string) {
  const form = /<form id="b24-launch" method="post" target="([^"]+)" action="([^"]+)"/.exec(html);
  if (!form) throw new Error('no launch form');
  const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[m[1]] = unescape(m[2]);
  const frame = /<iframe class="app" name="([^"]+)"/.exec(html)?.[1];
  return { target: unescape(form[1]), action: new URL(unescape(form[2])), fields, frame: frame && unescape(frame) };
}

describe('Bitrix24 double: portal pages', () => {
  let f: Fixture;
  const page = (path: string) => fetch(`${f.double.url}/${f.portal.domain}${path}`).then(async (r) => ({ status: r.status, html: await r.text() }));
  const rest = (method: string, body: Record<string, unknown> = {}) => postJson(`${f.portal.clientEndpoint}${method}`, { ...body, auth: f.token });

  beforeEach(async () => {
    f = await installedPortal();
  });
  afterEach(() => f.close());

  it('the app page frames the app: a named iframe and a form posting the launch fields into it', async () => {
    const { status, html } = await page('/marketplace/app/');
    expect(status).toBe(200);
    expect(html).toContain('<title>Заявки на внедрение — Битрикс24</title>');
    expect(html).toContain('>CRM</a>');
    expect(html).toContain('>Заявки на внедрение</a>');
    const form = launchForm(html);
    expect(form.action.origin + form.action.pathname).toBe(`${f.receiver.url}/b24/app`);
    const sid = form.action.searchParams.get('APP_SID');
    expect(Object.fromEntries(form.action.searchParams)).toEqual({ DOMAIN: f.portal.domain, PROTOCOL: '1', LANG: 'ru', APP_SID: sid });
    expect(form.frame).toBe(form.target);
    expect(form.target).toMatch(new RegExp(`^127\\.0\\.0\\.1:\\d+\\|0\\|${sid}$`));
    expect(form.fields).toEqual({
      AUTH_ID: expect.any(String), AUTH_EXPIRES: '3600', REFRESH_ID: expect.any(String),
      SERVER_ENDPOINT: `${f.double.oauthUrl}/rest/`, APPLICATION_TOKEN: f.portal.applicationToken, APPLICATION_SCOPE: 'crm,user,placement',
      member_id: f.portal.memberId, status: 'L', PLACEMENT: 'DEFAULT',
    });
    const me = await postJson(`${f.portal.clientEndpoint}user.current`, { auth: form.fields.AUTH_ID });
    expect(me.body.result.ID).toBe('1');
    expect(html).toContain('__b24Commands');
  });

  it('?user= launches for that user; a page without the app says it is not installed', async () => {
    f.portal.addUser({ id: 5, admin: false });
    const { html } = await page('/marketplace/app/?user=5');
    const me = await postJson(`${f.portal.clientEndpoint}user.current`, { auth: launchForm(html).fields.AUTH_ID });
    expect(me.body.result.ID).toBe('5');

    await f.portal.uninstall();
    const gone = await page('/marketplace/app/');
    expect(gone.html).toContain('Приложение не установлено');
    expect(gone.html).not.toContain('b24-launch');
  });

  it('a pending install opens the installer; the frame\'s setInstallFinish endpoint finishes it', async () => {
    await f.portal.install();
    const { html } = await page('/marketplace/app/');
    expect(launchForm(html).action.pathname).toBe('/b24/install');
    expect(html).toContain('"INSTALL":true');
    const done = await fetch(`${f.double.url}/${f.portal.domain}/marketplace/app/install-finish`, { method: 'POST' });
    expect(done.status).toBe(204);
    expect(f.portal.installed).toBe(true);
  });

  it('the deal list shows deals; «Выиграна» fills «Адрес портала», moves the deal to WON and delivers ONCRMDEALUPDATE', async () => {
    await rest('crm.deal.userfield.add', { fields: { USER_TYPE_ID: 'string', FIELD_NAME: 'PL_PORTAL', LABEL: 'Адрес портала' } });
    const id = String((await rest('crm.deal.add', { fields: { TITLE: 'Внедрение CRM', ASSIGNED_BY_ID: 1 } })).body.result);
    await rest('event.bind', { event: 'ONCRMDEALUPDATE', handler: `${f.receiver.url}/b24/events` });

    const list = await page('/crm/deal/');
    expect(list.html).toContain('Внедрение CRM');
    expect(list.html).toContain(`action="/${f.portal.domain}/crm/deal/${id}/win"`);

    const won = await fetch(`${f.double.url}/${f.portal.domain}/crm/deal/${id}/win`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ portalAddress: 'client.bitrix24.ru' }).toString(),
      redirect: 'manual',
    });
    expect(won.status).toBe(303);
    expect(won.headers.get('location')).toBe(`/${f.portal.domain}/crm/deal/`);
    await f.portal.flushEvents();
    const deal = f.portal.deals().find((d) => d.ID === id)!;
    expect(deal).toEqual(expect.objectContaining({ STAGE_ID: 'WON', UF_CRM_PL_PORTAL: 'client.bitrix24.ru', CLOSED: 'Y' }));
    const events = f.receiver.on('/b24/events');
    expect(events.map((e) => [e.form.event, (e.form.data as { FIELDS: { ID: string } }).FIELDS.ID])).toEqual([['ONCRMDEALUPDATE', id]]);
    expect((await page('/crm/deal/')).html).toContain('client.bitrix24.ru');
  });

  it('«Проиграна» moves the deal to LOSE; «Удалить» deletes it', async () => {
    const id = String((await rest('crm.deal.add', { fields: { TITLE: 'Сделка' } })).body.result);
    await fetch(`${f.double.url}/${f.portal.domain}/crm/deal/${id}/lose`, { method: 'POST', redirect: 'manual' });
    expect(f.portal.deals()[0].STAGE_ID).toBe('LOSE');
    await fetch(`${f.double.url}/${f.portal.domain}/crm/deal/${id}/delete`, { method: 'POST', redirect: 'manual' });
    expect(f.portal.deals()).toEqual([]);
  });

  it('the deal card has the app tab only when CRM_DEAL_DETAIL_TAB is bound; the tab launches the handler with the deal id', async () => {
    const id = String((await rest('crm.deal.add', { fields: { TITLE: 'Карточка' } })).body.result);
    const plain = await page(`/crm/deal/details/${id}/`);
    expect(plain.status).toBe(200);
    expect(plain.html).toContain('Общие');
    expect(plain.html).not.toContain('data-placement');

    const handler = `${f.receiver.url}/b24/app`;
    await rest('placement.bind', { PLACEMENT: 'CRM_DEAL_DETAIL_TAB', HANDLER: handler, TITLE: 'Заявка Bitrix24' });
    const card = await page(`/crm/deal/details/${id}/`);
    expect(card.html).toContain('data-placement="CRM_DEAL_DETAIL_TAB">Заявка Bitrix24</a>');
    expect(card.html).not.toContain('b24-launch');

    const tab = await page(`/crm/deal/details/${id}/?tab=app-0`);
    const form = launchForm(tab.html);
    expect(form.action.origin + form.action.pathname).toBe(handler);
    expect(form.fields).toEqual(expect.objectContaining({ PLACEMENT: 'CRM_DEAL_DETAIL_TAB', PLACEMENT_OPTIONS: `{"ID":"${id}"}` }));
    expect(form.target).toMatch(/^127\.0\.0\.1:\d+\|0\|[0-9a-f]+$/);
    const me = await postJson(`${f.portal.clientEndpoint}user.current`, { auth: form.fields.AUTH_ID });
    expect(me.status).toBe(200);

    expect((await page('/crm/deal/details/999/')).status).toBe(404);
  });

  it('a tab bound before installFinish stays hidden until the install is finished', async () => {
    const { accessToken } = await f.portal.install();
    const id = String((await postJson(`${f.portal.clientEndpoint}crm.deal.add`, { fields: { TITLE: 'X' }, auth: accessToken })).body.result);
    await postJson(`${f.portal.clientEndpoint}placement.bind`, { PLACEMENT: 'CRM_DEAL_DETAIL_TAB', HANDLER: `${f.receiver.url}/b24/app`, TITLE: 'Заявка', auth: accessToken });
    expect((await page(`/crm/deal/details/${id}/`)).html).not.toContain('data-placement');
    f.portal.installFinish();
    expect((await page(`/crm/deal/details/${id}/`)).html).toContain('data-placement');
  });
});
