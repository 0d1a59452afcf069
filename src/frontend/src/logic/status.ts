/** A claim's state in Russian words. */
import { formatDateTime } from './dates';
import type { Claim } from './types';

export type StatusTone = 'active' | 'won' | 'lost' | 'awaiting' | 'deleted';

export interface ClaimStatusView {
  label: string;
  tone: StatusTone;
}

/**
 * «в работе», «выиграна», «проиграна», «выиграна, но без адреса портала», «сделка удалена».
 * A closed claim keeps its outcome; an open claim whose deal was deleted says so.
 */
export function claimStatus(claim: Pick<Claim, 'status' | 'deal' | 'awaitingProof'>): ClaimStatusView {
  if (claim.status === 'won') return { label: 'выиграна', tone: 'won' };
  if (claim.status === 'lost') return { label: 'проиграна', tone: 'lost' };
  if (claim.deal?.deleted) return { label: 'сделка удалена', tone: 'deleted' };
  if (claim.awaitingProof) return { label: 'выиграна, но без адреса портала', tone: 'awaiting' };
  return { label: 'в работе', tone: 'active' };
}

export function claimStatusLabel(claim: Pick<Claim, 'status' | 'deal' | 'awaitingProof'>): string {
  return claimStatus(claim).label;
}

/** The sentence for a won deal without the portal address or licence key. */
export function awaitingProofText(claim: Pick<Claim, 'deal' | 'awaitingProof'>): string | null {
  if (!claim.awaitingProof) return null;
  const dealNo = claim.deal ? `№${claim.deal.id} ` : '';
  return (
    `Сделка ${dealNo}выиграна, но поле «${claim.awaitingProof.fieldLabel}» не заполнено: ` +
    'впишите адрес портала клиента (например, company.bitrix24.ru) или ключ лицензии коробки — заявка закроется сама.'
  );
}

export const ACTIVE_CLAIM_HINT =
  'Чтобы заявка засчиталась, переведите сделку в успешную стадию и заполните поле «Адрес портала»';

/** What is still missing before the claim counts as won (the deal tab). */
export function missingForWinText(
  claim: Pick<Claim, 'status' | 'deal' | 'awaitingProof' | 'closedAt'>,
  options: { timeZone?: string } = {},
): string {
  const awaiting = awaitingProofText(claim);
  if (awaiting) return awaiting;
  if (claim.status === 'won') {
    return claim.closedAt
      ? `Заявка засчитана ${formatDateTime(claim.closedAt, options)}`
      : 'Заявка засчитана';
  }
  if (claim.status === 'lost') return 'Заявка закрыта как проигранная';
  if (claim.deal?.deleted) return 'Сделка по заявке удалена: заявка не будет засчитана';
  return ACTIVE_CLAIM_HINT;
}

/** The employee who took the request: the name, else «сотрудник #17». */
export function takenByLabel(takenBy: Claim['takenBy']): string | null {
  if (!takenBy) return null;
  const name = takenBy.name?.trim();
  return name ? name : `сотрудник #${takenBy.userId}`;
}
