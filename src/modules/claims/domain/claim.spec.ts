import { Claim } from './claim';
import { PlaceReservations, TakeFacts } from './take-rules';

const ids = { id: 'c1', leadId: 'l1', partnerId: 'p1', b24UserId: '7', b24UserName: null };
const allowed: TakeFacts = { alreadyClaimed: false, leadOpen: true, partnerEligible: true, agreementAccepted: true, claimCap: 3 };
const now = new Date('2026-11-27T10:00:00Z');

/** Places that record whether they were asked for, and answer as told. */
function places(free: { partnerSlot?: boolean; leadPlace?: boolean } = {}) {
  const asked: string[] = [];
  const reservations: PlaceReservations = {
    partnerSlot: async () => (asked.push('partnerSlot'), free.partnerSlot ?? true),
    leadPlace: async () => (asked.push('leadPlace'), free.leadPlace ?? true),
  };
  return { reservations, asked };
}

const activeClaim = () => Claim.take(ids, allowed, places().reservations, now);

/** Each refusal of a take, in the order the rules are checked, with the situation that breaks it. */
const RULES: Array<[string, Partial<TakeFacts>, { partnerSlot?: boolean; leadPlace?: boolean }]> = [
  ['ALREADY_CLAIMED', { alreadyClaimed: true }, {}],
  ['LEAD_NOT_OPEN', { leadOpen: false }, {}],
  ['PARTNER_NOT_ELIGIBLE', { partnerEligible: false }, {}],
  ['PD_AGREEMENT_REQUIRED', { agreementAccepted: false }, {}],
  ['CLAIM_CAP_REACHED', {}, { partnerSlot: false }],
  ['LEAD_CLAIM_LIMIT_REACHED', {}, { leadPlace: false }],
];

describe('Claim.take', () => {
  it('takes a lead when every rule holds, reserving both places once, and records ClaimTaken', async () => {
    const { reservations, asked } = places();
    const claim = await Claim.take(ids, allowed, reservations, now);
    expect(claim.snapshot).toMatchObject({ status: 'active', takenByUser: '7', takenAt: now });
    expect(asked).toEqual(['partnerSlot', 'leadPlace']);
    expect(claim.pullEvents()).toEqual([
      expect.objectContaining({ name: 'claim.taken', payload: expect.objectContaining({ claimId: 'c1', b24UserId: '7' }) }),
    ]);
  });

  it.each(RULES)('refuses with %s when its rule alone is broken', async (code, facts, free) => {
    await expect(Claim.take(ids, { ...allowed, ...facts }, places(free).reservations, now)).rejects.toMatchObject({ code });
  });

  it.each(RULES.slice(0, -1).map((rule, i) => [rule[0], RULES[i + 1][0], i] as const))(
    '%s is given before %s when both are broken',
    async (first, _second, i) => {
      const [, factsA, freeA] = RULES[i];
      const [, factsB, freeB] = RULES[i + 1];
      const broken = places({ ...freeA, ...freeB }).reservations;
      await expect(Claim.take(ids, { ...allowed, ...factsA, ...factsB }, broken, now)).rejects.toMatchObject({ code: first });
    },
  );

  it.each(RULES.slice(0, 4))('reserves no place when %s refuses', async (code, facts) => {
    const { reservations, asked } = places();
    await expect(Claim.take(ids, { ...allowed, ...facts }, reservations, now)).rejects.toMatchObject({ code });
    expect(asked).toEqual([]);
  });

  it('asks for no place on the lead when the partner has no slot', async () => {
    const { reservations, asked } = places({ partnerSlot: false });
    await expect(Claim.take(ids, allowed, reservations, now)).rejects.toMatchObject({ code: 'CLAIM_CAP_REACHED' });
    expect(asked).toEqual(['partnerSlot']);
  });

  it('names the cap in the refusal', async () => {
    await expect(Claim.take(ids, { ...allowed, claimCap: 2 }, places({ partnerSlot: false }).reservations, now)).rejects.toThrow(
      'You already have 2 requests in work',
    );
  });
});

describe('closing a claim', () => {
  it('a lost claim frees the partner slot and its place on the lead', async () => {
    const claim = await activeClaim();
    expect(claim.markLost('no budget', 'operator', now)).toEqual({ partnerSlot: true, leadPlace: true });
    expect(claim.snapshot).toMatchObject({ status: 'lost', closeReason: 'no budget', closedBy: 'operator', closedAt: now });
  });

  it('a won claim frees the partner slot but keeps holding the lead', async () => {
    const claim = await activeClaim();
    expect(claim.markWon({ portalAddress: 'a.bitrix24.ru', licenseKey: null }, 'operator', null, now)).toEqual({
      partnerSlot: true,
      leadPlace: false,
    });
    expect(claim.snapshot).toMatchObject({ status: 'won', portalAddress: 'a.bitrix24.ru' });
  });

  it.each(['won', 'lost'] as const)('a %s claim is final', async (first) => {
    const claim = await activeClaim();
    if (first === 'won') claim.markWon({ portalAddress: 'a.bitrix24.ru', licenseKey: null }, 'operator', null, now);
    else claim.markLost(null, 'operator', now);
    expect(() => claim.markLost(null, 'operator', now)).toThrow(expect.objectContaining({ code: 'CLAIM_CLOSED' }));
    expect(() => claim.markWon({ portalAddress: 'b.bitrix24.ru', licenseKey: null }, 'operator', null, now)).toThrow(
      expect.objectContaining({ code: 'CLAIM_CLOSED' }),
    );
    expect(claim.pullEvents().map((e) => e.name)).toEqual(['claim.taken', `claim.${first}`]);
  });
});

describe('a deal reaching its final stage', () => {
  const eventNames = (claim: Claim) => claim.pullEvents().map((e) => e.name).filter((n) => n !== 'claim.taken');

  it('lost in the CRM closes the claim as lost', async () => {
    const claim = await activeClaim();
    expect(claim.applyDealOutcome({ outcome: 'lost', proofField: null }, now)).toEqual({ partnerSlot: true, leadPlace: true });
    expect(claim.snapshot).toMatchObject({ status: 'lost', closedBy: 'bitrix24' });
    expect(eventNames(claim)).toEqual(['claim.lost']);
  });

  it.each([
    ['https://Customer.Bitrix24.ru/', { portalAddress: 'customer.bitrix24.ru', licenseKey: null }],
    ['NFR-123-4567890', { portalAddress: null, licenseKey: 'NFR-123-4567890' }],
  ])('won with "Адрес портала" %s closes the claim as won', async (field, proof) => {
    const claim = await activeClaim();
    expect(claim.applyDealOutcome({ outcome: 'won', proofField: field }, now)).toEqual({ partnerSlot: true, leadPlace: false });
    expect(claim.snapshot).toMatchObject({ status: 'won', ...proof });
    expect(eventNames(claim)).toEqual(['claim.won']);
  });

  it.each([null, '   ', 'not a portal'])('won with "Адрес портала" %j keeps the claim active and asks for proof', async (field) => {
    const claim = await activeClaim();
    expect(claim.applyDealOutcome({ outcome: 'won', proofField: field }, now)).toBeNull();
    expect(claim.snapshot.status).toBe('active');
    const events = claim.pullEvents().filter((e) => e.name !== 'claim.taken');
    expect(events).toEqual([
      expect.objectContaining({ name: 'claim.won-rejected-no-proof', payload: expect.objectContaining({ claimId: 'c1' }) }),
    ]);
  });

  it('a closed claim ignores its deal changing again', async () => {
    const claim = await activeClaim();
    claim.markLost(null, 'operator', now);
    claim.pullEvents();
    expect(claim.applyDealOutcome({ outcome: 'won', proofField: 'customer.bitrix24.ru' }, now)).toBeNull();
    expect(claim.snapshot.status).toBe('lost');
    expect(claim.pullEvents()).toEqual([]);
  });
});
