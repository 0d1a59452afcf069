/** Refusals and failures in Russian words, by the problem's code; the code itself is never shown. */
import { capReachedText, plural, SECONDS_ACCUSATIVE } from './plural';
import type { Cap } from './types';

/** Codes the page gives itself for failures that have no problem+json. */
export const NETWORK_ERROR = 'NETWORK_ERROR';
export const SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE';

export const SESSION_EXPIRED_TEXT = 'Сессия истекла — откройте приложение заново';
export const SERVICE_UNAVAILABLE_TEXT = 'Сервис временно недоступен, попробуйте позже';
export const NETWORK_ERROR_TEXT = 'Нет связи с сервисом: проверьте подключение к интернету и попробуйте ещё раз';
export const UNKNOWN_ERROR_TEXT = 'Не удалось выполнить действие, попробуйте ещё раз';

export interface ProblemLike {
  code?: string | null;
  status?: number | null;
  /** Seconds from Retry-After, for RATE_LIMITED. */
  retryAfter?: number | null;
}

export interface ProblemContext {
  /** The partner's cap, for CLAIM_CAP_REACHED. */
  cap?: Cap | null;
}

const FIXED: Record<string, string> = {
  ALREADY_CLAIMED: 'Вы уже взяли эту заявку',
  LEAD_NOT_OPEN: 'Заявка уже закрыта',
  PARTNER_NOT_ELIGIBLE: 'Ваша компания сейчас не может брать заявки: см. «Условия участия»',
  PD_AGREEMENT_REQUIRED:
    'Администратор портала должен принять новую версию соглашения об обработке персональных данных',
  LEAD_CLAIM_LIMIT_REACHED: 'Все места по этой заявке уже заняты',
  UNAUTHENTICATED: SESSION_EXPIRED_TEXT,
  NOT_FOUND: 'Заявка не найдена или больше вам недоступна',
  FORBIDDEN: 'Недостаточно прав для этого действия',
  VALIDATION_FAILED: 'Сервис не принял запрос: обновите страницу и попробуйте ещё раз',
  [NETWORK_ERROR]: NETWORK_ERROR_TEXT,
  [SERVICE_UNAVAILABLE]: SERVICE_UNAVAILABLE_TEXT,
};

function rateLimitedText(retryAfter: number | null | undefined): string {
  if (retryAfter === null || retryAfter === undefined || !Number.isFinite(retryAfter) || retryAfter <= 0) {
    return 'Слишком много запросов, попробуйте немного позже';
  }
  return `Слишком много запросов, попробуйте через ${plural(Math.ceil(retryAfter), SECONDS_ACCUSATIVE)}`;
}

/** The Russian sentence for a refusal or failure. */
export function problemText(problem: ProblemLike, context: ProblemContext = {}): string {
  const code = problem.code ?? '';
  if (code === 'CLAIM_CAP_REACHED') {
    const cap = context.cap;
    return cap
      ? capReachedText(cap.used, cap.limit)
      : 'Все слоты заняты: закройте одну из сделок, чтобы взять новую';
  }
  if (code === 'RATE_LIMITED') return rateLimitedText(problem.retryAfter);
  if (code in FIXED) return FIXED[code];

  const status = problem.status ?? 0;
  if (status === 401) return SESSION_EXPIRED_TEXT;
  if (status === 403) return FIXED.FORBIDDEN;
  if (status === 404) return FIXED.NOT_FOUND;
  if (status === 429) return rateLimitedText(problem.retryAfter);
  if (status >= 500) return SERVICE_UNAVAILABLE_TEXT;
  if (status === 400 || status === 422) return FIXED.VALIDATION_FAILED;
  return UNKNOWN_ERROR_TEXT;
}
