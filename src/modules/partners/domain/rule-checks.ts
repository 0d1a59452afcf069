import { RuleCheck, RULES } from './eligibility-rules';
import { ContractStatus } from './partner';
import { decodePlan, planAccepted, PlanFields } from './portal-plan';

/** What the partner should do about a failing rule, in Russian, by rule. */
export const ACTIONS_RU: Record<string, string> = {
  [RULES.contract]: 'Свяжитесь с менеджером партнёрской программы Битрикс24, чтобы возобновить договор.',
  [RULES.offer]:
    'Опубликуйте на сайте пакетные предложения по внедрению Битрикс24 (страница, указанная в карточке партнёра) или попросите менеджера программы проверить страницу вручную.',
  [RULES.tariff]: 'Перейдите на тариф NFR или тариф класса «Компания» либо используйте коробочную версию Битрикс24.',
  [RULES.app]: 'Установите приложение «Заявки на внедрение Битрикс24» на портале, указанном в карточке партнёра.',
  [RULES.agreement]: 'Администратор портала должен открыть приложение и принять соглашение.',
  [RULES.openLines]: 'Подключите канал «Открытые линии» в Контакт-центре, чтобы сообщения клиентов попадали к вам.',
};

export const TITLES_RU: Record<string, string> = {
  [RULES.contract]: 'Партнёрский договор',
  [RULES.offer]: 'Пакетные предложения на сайте',
  [RULES.tariff]: 'Тариф CRM',
  [RULES.app]: 'Приложение установлено',
  [RULES.agreement]: 'Соглашение об обработке персональных данных',
  [RULES.openLines]: 'Открытые линии (рекомендация)',
};

const CONTRACT_STATUS_RU: Record<ContractStatus, string> = { active: 'действует', blocked: 'заблокирован', terminated: 'расторгнут' };

type Check = Omit<RuleCheck, 'rule' | 'checkedAt'>;
const pass = (reasonCode: string, reasonRu: string, reasonEn: string, evidence: Record<string, unknown>): Check => ({
  result: 'pass', reasonCode, reasonRu, reasonEn, evidence,
});
const fail = (reasonCode: string, reasonRu: string, reasonEn: string, evidence: Record<string, unknown>): Check => ({
  result: 'fail', reasonCode, reasonRu, reasonEn, evidence,
});
const unknown = (reasonCode: string, reasonRu: string, reasonEn: string, evidence: Record<string, unknown>): Check => ({
  result: 'unknown', reasonCode, reasonRu, reasonEn, evidence,
});

export function contractCheck(status: ContractStatus): Check {
  const evidence = { source: 'partner registry', contractStatus: status };
  return status === 'active'
    ? pass('CONTRACT_ACTIVE', 'Партнёрский лицензионный договор действует.', 'The partner licence contract is active.', evidence)
    : fail(`CONTRACT_${status.toUpperCase()}`, `Партнёрский лицензионный договор ${CONTRACT_STATUS_RU[status]}.`, `The partner licence contract is ${status}.`, evidence);
}

/** `version` null: no agreement version is in effect yet, so there is nothing to accept. */
export function agreementCheck(fact: { version: string; accepted: boolean } | null): Check {
  if (!fact) return pass('NO_AGREEMENT_IN_EFFECT', 'Действующей версии соглашения пока нет.', 'No personal-data agreement version is in effect.', { source: 'compliance' });
  const evidence = { source: 'compliance', version: fact.version, accepted: fact.accepted };
  return fact.accepted
    ? pass('AGREEMENT_ACCEPTED', `Портал принял соглашение версии ${fact.version}.`, `The partner's Bitrix24 portal accepted personal-data agreement ${fact.version}.`, evidence)
    : fail(
        'AGREEMENT_NOT_ACCEPTED',
        `Действует соглашение версии ${fact.version}, а портал его ещё не принял.`,
        `The personal-data agreement ${fact.version} is in effect and the partner's Bitrix24 portal has not accepted it: a portal administrator must open the app and accept it.`,
        evidence,
      );
}

export interface PortalFacts {
  address: string | null;
  status: 'installed' | 'suspended' | 'uninstalled' | null;
  plan: PlanFields | null;
  activeOpenLines: number | null;
  failure: string | null;
}

export function appInstalledCheck(portal: PortalFacts): Check {
  const evidence = { source: 'crm-sync portal registry', portal: portal.address, status: portal.status };
  if (!portal.address) return fail('NO_PORTAL', 'В карточке партнёра не указан портал Битрикс24.', 'No Bitrix24 portal is registered for the partner.', evidence);
  if (portal.status === 'installed') return pass('INSTALLED', `Приложение установлено на портале ${portal.address}.`, `The app is installed on ${portal.address}.`, evidence);
  const state = { suspended: ['приостановлено (Битрикс24 отклоняет доступ)', 'suspended'], uninstalled: ['удалено', 'uninstalled'] } as const;
  if (portal.status) {
    const [ru, en] = state[portal.status];
    return fail(`APP_${portal.status.toUpperCase()}`, `Приложение на портале ${portal.address} ${ru}.`, `The app on ${portal.address} is ${en}.`, evidence);
  }
  return fail('APP_NOT_INSTALLED', `Приложение не установлено на портале ${portal.address}.`, `The app was never installed on ${portal.address}.`, evidence);
}

/** Without an installed app there is no portal to ask: a fact, not a failure to read. */
function notInstalled(portal: PortalFacts, source: string): Check | null {
  if (portal.status === 'installed') return null;
  const where = portal.address ? `на портале ${portal.address}` : 'ни на одном портале';
  return fail('APP_NOT_INSTALLED', `Приложение не установлено ${where}: проверить нельзя.`, 'The app is not installed on the partner\'s portal, so it cannot be asked.', {
    source,
    portal: portal.address,
    status: portal.status,
  });
}

export function tariffCheck(portal: PortalFacts, acceptedPlans: string[]): Check {
  const absent = notInstalled(portal, 'app.info');
  if (absent) return absent;
  if (!portal.plan) {
    const evidence = { source: 'app.info', portal: portal.address, failure: portal.failure };
    return unknown('PORTAL_UNREADABLE', 'Не удалось узнать тариф портала: портал не ответил.', `The portal's plan could not be read (${portal.failure ?? 'no answer'}).`, evidence);
  }
  const plan = decodePlan(portal.plan);
  const evidence = { source: 'app.info', portal: portal.address, ...portal.plan, decoded: plan };
  if (plan.box) return pass('BOX', 'Коробочная версия Битрикс24.', 'A self-hosted (box) Bitrix24.', evidence);
  const shown = plan.demoOf ? `демо-режим тарифа ${plan.demoOf}` : (plan.plan ?? 'неизвестный');
  if (plan.plan && planAccepted(plan.plan, acceptedPlans)) {
    return pass('PLAN_ACCEPTED', `Тариф портала: ${shown}.`, `The portal's plan ${plan.plan}${plan.demoOf ? ' (on a demo)' : ''} is accepted.`, evidence);
  }
  return fail('PLAN_NOT_ACCEPTED', `Тариф портала (${shown}) не подходит для программы.`, `The portal's plan ${plan.plan ?? 'unknown'} is not accepted.`, evidence);
}

export function openLinesCheck(portal: PortalFacts): Check {
  const absent = notInstalled(portal, 'imopenlines.config.list.get');
  if (absent) return absent;
  const evidence = { source: 'imopenlines.config.list.get', portal: portal.address, activeOpenLines: portal.activeOpenLines };
  if (portal.activeOpenLines === null) {
    return unknown('OPEN_LINES_UNREADABLE', 'Не удалось узнать, подключены ли Открытые линии.', `Open Lines could not be read (${portal.failure ?? 'no answer'}).`, evidence);
  }
  return portal.activeOpenLines > 0
    ? pass('OPEN_LINES_ACTIVE', `Активных каналов Открытых линий: ${portal.activeOpenLines}.`, `${portal.activeOpenLines} active Open Lines channel(s).`, evidence)
    : fail('NO_OPEN_LINES', 'На портале нет активных каналов Открытых линий.', 'The portal has no active Open Lines channel.', evidence);
}

/** What the audit found at the partner's offer page (application/offer-page-audit.ts fetches it). */
export type OfferEvidence =
  | { kind: 'read'; url: string; finalUrl: string; status: number; textHash: string; mentionsBitrix24: boolean; mentionsPackages: boolean; matched: string[] }
  | { kind: 'refused'; url: string; refusal: string; detail: string; transient: boolean }
  | { kind: 'manual'; url: string; textHash: string; result: 'pass' | 'fail'; comment: string; recordedBy: string; recordedAt: string };

export function offerCheck(offer: OfferEvidence): Check {
  const { kind: _kind, ...evidence } = offer;
  const source = { source: 'offer page', ...evidence };
  if (offer.kind === 'manual') {
    const ru = offer.result === 'pass' ? 'подтверждены' : 'не подтверждены';
    const reason = `Пакетные предложения ${ru} менеджером программы: ${offer.comment}`;
    const en = `An operator recorded a manual verdict (${offer.result}): ${offer.comment}`;
    return offer.result === 'pass' ? pass('MANUAL_PASS', reason, en, source) : fail('MANUAL_FAIL', reason, en, source);
  }
  if (offer.kind === 'refused') {
    const en = `The offer page ${offer.url} could not be read: ${offer.refusal} (${offer.detail}).`;
    return offer.transient
      ? unknown(offer.refusal, `Страница предложения ${offer.url} сейчас не открывается.`, en, source)
      : fail(offer.refusal, `Страница предложения ${offer.url} не может быть проверена (${offer.refusal}).`, en, source);
  }
  if (offer.mentionsBitrix24 && offer.mentionsPackages) {
    return pass('OFFER_FOUND', `На странице ${offer.url} есть пакетные предложения по внедрению Битрикс24.`, `The page ${offer.url} offers Bitrix24 implementation packages.`, source);
  }
  const missing = !offer.mentionsBitrix24 ? 'не упоминается Битрикс24' : 'нет пакетов или тарифов внедрения';
  return fail('OFFER_NOT_FOUND', `На странице ${offer.url} ${missing}.`, `The page ${offer.url} does not offer Bitrix24 implementation packages.`, source);
}
