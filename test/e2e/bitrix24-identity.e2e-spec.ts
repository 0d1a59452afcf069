import { launchContextOf, sessionOf } from '../support/app-launch';
import { createLead, createPartner, eventually, operator } from '../support/fixtures';
import { startBitrix24World, ticketFromInstallPage, Bitrix24World } from '../support/bitrix24-setup';



/**
 * Who a portal is comes from the OAuth server: the host of the REST endpoint it returns when the
 * install's refresh token is traded, never the DOMAIN or auth[domain] the request names.
 */
describe('Bitrix24: a portal is who the OAuth server says it is', () => {
  let w: Bitrix24World;
  beforeAll(async () => {
    w = await startBitrix24World();
  });
  afterAll(() => w.close());

  const storedDomain = async (memberId: string) =>
    (await w.t.sql<{ domain: string }>('SELECT domain FROM crm_sync.portals WHERE member_id = $1', [memberId]))[0]?.domain;

  it.each([
    ['ONAPPINSTALL (auth[domain])', true],
    ['the install page (DOMAIN)', false],
  ])('an install through %s naming a partner\'s domain gets no session for it and none of its deals', async (_how, headless) => {
    const victimDomain = `victim-${headless ? 'h' : 'p'}.bitrix24.test`;
    const victim = await createPartner(w.t.http, { portalDomain: victimDomain });
    const attacker = w.b24.createPortal({ domain: `attacker-${headless ? 'h' : 'p'}.bitrix24.test` });
    await attacker.install({ headless, forgeDomain: victimDomain });
    if (!headless) attacker.installFinish();
    expect(await storedDomain(attacker.memberId)).toBe(attacker.domain);

    const page = await attacker.launch();
    expect(page.status).toBe(200);
    expect(sessionOf(page.body)).toBeNull();
    expect(page.body).toContain('не привязан ни к одному партнёру');

    const leadId = await createLead(w.t.http);
    const claim = await w.t.http.post(`/api/v1/leads/${leadId}/claims`).set(victim.auth).expect(201);
    await eventually(async () => {
      const rows = await w.t.sql('SELECT state FROM crm_sync.deal_requests WHERE claim_id = $1', [claim.body.id]);
      expect(rows).toEqual([{ state: 'no_portal' }]);
    });
    expect(attacker.deals()).toEqual([]);

    // The victim's real portal installs: the deal goes there, and still nothing to the attacker.
    const real = w.b24.createPortal({ domain: victimDomain });
    await real.install({ headless: true });
    await eventually(async () => expect(real.deals()).toHaveLength(1));
    expect(attacker.deals()).toEqual([]);
    const launched = await real.launch();
    expect(sessionOf(launched.body)).not.toBeNull();
  });

  it('one address belongs to one installed portal: a second portal claiming it is refused and shown to operators', async () => {
    const first = w.b24.createPortal({ domain: 'held.bitrix24.test' });
    await first.install({ headless: true });
    // The first portal is renamed on Bitrix24's side, and a new portal takes its old name before
    // this service has heard of the rename.
    first.rename('held-renamed.bitrix24.test');
    const second = w.b24.createPortal({ domain: 'held.bitrix24.test', memberId: 'second-held-portal' });
    const { response } = await second.install({ headless: true });
    expect(response?.status).toBe(409);
    expect(await storedDomain(second.memberId)).toBeUndefined();
    expect(await storedDomain(first.memberId)).toBe('held.bitrix24.test');

    const conflicts = await w.t.http.get('/api/v1/portals/conflicts').set(operator).expect(200);
    expect(conflicts.body).toEqual([
      expect.objectContaining({ memberId: second.memberId, domain: 'held.bitrix24.test', heldBy: first.memberId }),
    ]);
  });

  it('a box portal on its own port registers, installs, launches and gets its deals', async () => {
    const address = 'crm.example.ru:8443';
    const partner = await createPartner(w.t.http, { portalDomain: `https://CRM.example.ru:8443/` });
    const registered = await w.t.http.get(`/api/v1/partners/${partner.id}`).set(operator).expect(200);
    expect(registered.body.portalDomain).toBe(address);

    const box = w.b24.createPortal({ domain: address });
    const { response } = await box.install();
    expect(response?.status).toBe(200);
    expect(String(response!.headers['content-security-policy'])).toContain(`https://${address}`);
    box.installFinish();
    expect(await storedDomain(box.memberId)).toBe(address);

    const page = await box.launch();
    const token = sessionOf(page.body);
    expect(token).not.toBeNull();
    const me = await w.t.http.get('/api/v1/me').set({ Authorization: `Bearer ${token}` }).expect(200);
    expect(me.body.partner.id).toBe(partner.id);

    const leadId = await createLead(w.t.http);
    await w.t.http.post(`/api/v1/leads/${leadId}/claims`).set(partner.auth).expect(201);
    await eventually(async () => expect(box.deals()).toHaveLength(1));
  });
});

describe('Bitrix24: a renamed portal recovers by itself', () => {
  let w: Bitrix24World;
  beforeAll(async () => {
    w = await startBitrix24World();
    await w.t.http.post('/api/v1/compliance/pd-agreements').set(operator).send({ version: '2026-03', text: 'Соглашение' }).expect(201);
  });
  afterAll(() => w.close());

  async function acceptedPortal(domain: string) {
    const partner = await createPartner(w.t.http, { portalDomain: domain });
    const portal = w.b24.createPortal({ domain });
    const { response } = await portal.install();
    await w.t.http.post('/b24/install/accept').send({ ticket: ticketFromInstallPage(response!.body) }).expect(204);
    portal.installFinish();
    await eventually(async () => expect(portal.bindings().length).toBe(5));
    return { partner, portal };
  }

  it('the first launch after a rename finds the portal through the OAuth server and opens the partner\'s session', async () => {
    const { partner, portal } = await acceptedPortal('launch-before.bitrix24.test');
    portal.rename('launch-after.bitrix24.test');
    const page = await portal.launch();
    expect(page.status).toBe(200);
    const token = sessionOf(page.body);
    expect(token).not.toBeNull();
    expect(launchContextOf(page.body).agreement).toBeNull();
    const me = await w.t.http.get('/api/v1/me').set({ Authorization: `Bearer ${token}` }).expect(200);
    expect(me.body.partner.id).toBe(partner.id);
  });

  it('after a rename deals reach the portal at its new address, and the partner keeps its portal and agreement', async () => {
    const { partner, portal } = await acceptedPortal('deal-before.bitrix24.test');
    portal.rename('deal-after.bitrix24.test');
    const leadId = await createLead(w.t.http);
    await w.t.http.post(`/api/v1/leads/${leadId}/claims`).set(partner.auth).expect(201);
    await eventually(async () => expect(portal.deals()).toHaveLength(1));

    const [stored] = await w.t.sql<{ domain: string; client_endpoint: string }>(
      'SELECT domain, client_endpoint FROM crm_sync.portals WHERE member_id = $1',
      [portal.memberId],
    );
    expect(stored).toEqual({ domain: 'deal-after.bitrix24.test', client_endpoint: portal.clientEndpoint });
    await eventually(async () => {
      const registered = await w.t.http.get(`/api/v1/partners/${partner.id}`).set(operator).expect(200);
      expect(registered.body.portalDomain).toBe('deal-after.bitrix24.test');
    });
    // The agreement the portal accepted under its old address still counts.
    await eventually(async () => {
      const me = await w.t.http.get('/api/v1/me').set(partner.auth).expect(200);
      expect(me.body.eligibility.eligible).toBe(true);
    });
    await w.t.http.post(`/api/v1/leads/${await createLead(w.t.http)}/claims`).set(partner.auth).expect(201);
    await eventually(async () => expect(portal.deals()).toHaveLength(2));
  });
});
