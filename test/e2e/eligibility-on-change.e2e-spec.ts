import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { startBitrix24World, ticketFromInstallPage, Bitrix24World } from '../support/bitrix24-setup';
import { createPartner, eventually, operator } from '../support/fixtures';

const OFFER = '<html><body>Внедрение Битрикс24 — пакеты и тарифы</body></html>';
const NO_OFFER = '<html><body>Интернет-магазин одежды</body></html>';

/** With AUDIT_ON_CHANGE, a partner is audited again when its registry data or its portal change. */
describe('partner eligibility: audits on change', () => {
  let w: Bitrix24World;
  let site: Server;
  let siteUrl = '';
  beforeAll(async () => {
    site = createServer((req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(req.url === '/none' ? NO_OFFER : OFFER));
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    w = await startBitrix24World({
      AUDIT_ON_CHANGE: 'true',
      AUDIT_ALLOW_PRIVATE_NETWORKS: 'true',
      ELIGIBILITY_RULES: 'CONTRACT_ACTIVE,OFFER_PUBLISHED,CRM_TARIFF_OK,APP_INSTALLED,PD_AGREEMENT_ACCEPTED',
    });
  });
  afterAll(async () => {
    await w?.close();
    await new Promise((resolve) => site?.close(resolve));
  });

  const rule = async (partnerId: string, name: string) => {
    const e = await w.t.http.get(`/api/v1/partners/${partnerId}/eligibility`).set(operator).expect(200);
    return e.body.rules.find((r: { rule: string }) => r.rule === name) as { result: string; reasonCode: string };
  };

  it('registration, an install of the portal and a change of the offer page each audit the partner', async () => {
    const domain = 'on-change.bitrix24.test';
    const partner = await createPartner(w.t.http, { portalDomain: domain, offerPageUrl: `${siteUrl}/offer` });
    await eventually(async () => expect(await rule(partner.id, 'APP_INSTALLED')).toMatchObject({ result: 'fail', reasonCode: 'APP_NOT_INSTALLED' }));
    expect(await rule(partner.id, 'OFFER_PUBLISHED')).toMatchObject({ result: 'pass' });

    const portal = w.b24.createPortal({ domain });
    const { response } = await portal.install();
    await w.t.http.post('/b24/install/accept').send({ ticket: ticketFromInstallPage(response!.body) }).expect(204);
    portal.installFinish();
    await eventually(async () => expect(await rule(partner.id, 'APP_INSTALLED')).toMatchObject({ result: 'pass' }));
    expect(await rule(partner.id, 'CRM_TARIFF_OK')).toMatchObject({ result: 'pass' });

    await w.t.http.patch(`/api/v1/partners/${partner.id}`).set(operator).send({ offerPageUrl: `${siteUrl}/none` }).expect(200);
    await eventually(async () => expect(await rule(partner.id, 'OFFER_PUBLISHED')).toMatchObject({ result: 'fail', reasonCode: 'OFFER_NOT_FOUND' }));
    const me = await w.t.http.get('/api/v1/me').set(partner.auth).expect(200);
    expect(me.body.eligibility.eligible).toBe(false);
  });
});
