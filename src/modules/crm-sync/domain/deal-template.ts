import { DEAL_PROOF_FIELD_LABEL } from '../contract/deal-proof-field';

export const PIPELINE_NAME = 'Заявки на внедрение Битрикс24';
export const PORTAL_FIELD_CODE = 'PL_PORTAL_ADDRESS';
export const PORTAL_FIELD_NAME = `UF_CRM_${PORTAL_FIELD_CODE}`;
export const PORTAL_FIELD_LABEL = DEAL_PROOF_FIELD_LABEL;
/** Marks the records this service created, so a retry finds them instead of creating twins. */
export const ORIGINATOR_ID = 'partner-leads';

export interface DealContent {
  claimId: string;
  companyName: string;
  contact: { name: string; position: string; phone: string; email: string };
  company: { industry: string; sizeBand: string; region: string; city: string };
  need: { product: string; users: number; description: string };
  claimUrl: string;
}

export function dealTitle(content: DealContent): string {
  return `Заявка на внедрение: ${content.companyName}`.slice(0, 255);
}

export function dealComments(content: DealContent): string {
  const product = content.need.product === 'box' ? 'коробочная версия' : 'облако';
  return [
    `Отрасль: ${content.company.industry}; сотрудников: ${content.company.sizeBand}`,
    `Регион: ${content.company.region}, ${content.company.city}`,
    `Продукт: ${product}; пользователей: ${content.need.users}`,
    `Задача: ${content.need.description}`,
    `Заявка в Partner Leads: ${content.claimUrl}`,
    `Когда сделка будет выиграна, заполните поле «${PORTAL_FIELD_LABEL}» (адрес портала клиента или лицензионный ключ коробки).`,
  ].join('\n');
}

/**
 * Splits the contact's name into Bitrix24's fields where the form is clear: "Иван Петров" is
 * first and last name; "Петров Иван Сергеевич" is the Russian order of last, first and middle
 * name. Anything else stays whole in NAME.
 */
export function contactNameFields(name: string): { NAME: string; LAST_NAME?: string; SECOND_NAME?: string } {
  const words = name.trim().split(/\s+/);
  if (words.length === 2) return { NAME: words[0], LAST_NAME: words[1] };
  if (words.length === 3) return { LAST_NAME: words[0], NAME: words[1], SECOND_NAME: words[2] };
  return { NAME: name.trim() };
}
