import { problemText, SERVICE_UNAVAILABLE_TEXT } from '../../src/frontend/src/logic/problems';

describe('refusals in Russian', () => {
  it.each([
    ['ALREADY_CLAIMED', 'Вы уже взяли эту заявку'],
    ['LEAD_NOT_OPEN', 'Заявка уже закрыта'],
    ['LEAD_CLAIM_LIMIT_REACHED', 'Все места по этой заявке уже заняты'],
    ['PARTNER_NOT_ELIGIBLE', 'Ваша компания сейчас не может брать заявки: см. «Условия участия»'],
    [
      'PD_AGREEMENT_REQUIRED',
      'Администратор портала должен принять новую версию соглашения об обработке персональных данных',
    ],
    ['UNAUTHENTICATED', 'Сессия истекла — откройте приложение заново'],
  ])('%s', (code, text) => {
    expect(problemText({ code })).toBe(text);
  });

  it('says the cap sentence with the numbers', () => {
    expect(problemText({ code: 'CLAIM_CAP_REACHED', status: 409 }, { cap: { used: 3, limit: 3 } })).toBe(
      'В работе 3 из 3 заявок: закройте одну из сделок, чтобы взять новую',
    );
    expect(problemText({ code: 'CLAIM_CAP_REACHED' })).not.toContain('CLAIM_CAP_REACHED');
  });

  it('says when to try again', () => {
    expect(problemText({ code: 'RATE_LIMITED', status: 429, retryAfter: 30 })).toBe(
      'Слишком много запросов, попробуйте через 30 секунд',
    );
    expect(problemText({ code: 'RATE_LIMITED', retryAfter: 1 })).toBe(
      'Слишком много запросов, попробуйте через 1 секунду',
    );
    expect(problemText({ code: 'RATE_LIMITED', retryAfter: 3 })).toBe(
      'Слишком много запросов, попробуйте через 3 секунды',
    );
    expect(problemText({ code: 'RATE_LIMITED' })).toBe('Слишком много запросов, попробуйте немного позже');
  });

  it('covers failures without a known code', () => {
    expect(problemText({ code: 'SERVICE_UNAVAILABLE', status: 503 })).toBe(SERVICE_UNAVAILABLE_TEXT);
    expect(problemText({ status: 500 })).toBe('Сервис временно недоступен, попробуйте позже');
    expect(problemText({ code: 'SOMETHING_NEW', status: 502 })).toBe(SERVICE_UNAVAILABLE_TEXT);
    expect(problemText({ code: 'NETWORK_ERROR', status: 0 })).toMatch(/связи/);
    expect(problemText({ status: 401 })).toBe('Сессия истекла — откройте приложение заново');
    expect(problemText({ status: 429, retryAfter: 5 })).toBe('Слишком много запросов, попробуйте через 5 секунд');
  });

  it('never shows a code', () => {
    const codes = [
      'ALREADY_CLAIMED', 'LEAD_NOT_OPEN', 'PARTNER_NOT_ELIGIBLE', 'PD_AGREEMENT_REQUIRED', 'CLAIM_CAP_REACHED',
      'LEAD_CLAIM_LIMIT_REACHED', 'RATE_LIMITED', 'UNAUTHENTICATED', 'NOT_FOUND', 'FORBIDDEN', 'VALIDATION_FAILED',
      'WHATEVER',
    ];
    for (const code of codes) {
      const text = problemText({ code, status: 400 });
      expect(text).not.toMatch(/[A-Z]{2,}_/);
      expect(text).toMatch(/[а-яё]/i);
    }
  });
});
