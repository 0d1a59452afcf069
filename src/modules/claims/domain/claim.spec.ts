import { Claim } from './claim';

const ids = { id: 'c1', leadId: 'l1', partnerId: 'p1', b24UserId: '7' };
const open = { leadOpen: true, partnerEligible: true, alreadyClaimed: false };
const now = new Date('2026-11-27T10:00:00Z');

describe('Claim', () => {
  it('taking records ClaimTaken', () => {
    const claim = Claim.take(ids, open, now);
    expect(claim.snapshot.status).toBe('active');
    expect(claim.pullEvents()).toEqual([
      expect.objectContaining({ name: 'claim.taken', payload: expect.objectContaining({ claimId: 'c1', b24UserId: '7' }) }),
    ]);
  });

  it.each([
    [{ ...open, alreadyClaimed: true }, 'ALREADY_CLAIMED'],
    [{ ...open, leadOpen: false }, 'LEAD_NOT_OPEN'],
    [{ ...open, partnerEligible: false }, 'PARTNER_NOT_ELIGIBLE'],
  ])('refuses %j with %s', (context, code) => {
    expect(() => Claim.take(ids, context, now)).toThrow(expect.objectContaining({ code }));
  });

  it('a closed claim is final', () => {
    const claim = Claim.take(ids, open, now);
    claim.markLost('no budget', 'operator', now);
    expect(() => claim.markWon({ portalAddress: 'a.bitrix24.ru', licenseKey: null }, 'operator', null, now)).toThrow(
      expect.objectContaining({ code: 'CLAIM_CLOSED' }),
    );
    expect(claim.pullEvents().map((e) => e.name)).toEqual(['claim.taken', 'claim.lost']);
  });
});
