import { checkOffer } from './offer-check';

describe('checkOffer', () => {
  it.each(['Битрикс24', 'Битрикс 24', 'Bitrix24', 'Bitrix 24', 'БИТРИКС24', 'bitrix24', 'mybitrix24.ru', 'Битрикс-24'])(
    'recognises Bitrix24 written as %s',
    (name) => {
      expect(checkOffer(`Работаем с ${name}`, []).mentionsBitrix24).toBe(true);
    },
  );

  it.each(['Битрикс', 'Bitrix', 'Битрикс 2024', '1С-Битрикс: Управление сайтом'])('does not take %s for Bitrix24', (text) => {
    expect(checkOffer(text, []).mentionsBitrix24).toBe(false);
  });

  it.each([
    ['Внедрение: пакеты услуг', true],
    ['Пакетное внедрение', true],
    ['внедрим по тарифу «Старт» — внедрения быстрые', true],
    ['ВНЕДРЕНИЯ по ТАРИФАМ', true],
    ['Внедрение под ключ', false],
    ['Пакеты и тарифы', false],
    ['Спакетировать внедрение', false],
  ])('finds implementation packages in "%s": %s', (text, expected) => {
    expect(checkOffer(text, []).mentionsPackages).toBe(expected);
  });

  it('passes only when both Bitrix24 and packages are on the page and reports what matched', () => {
    const result = checkOffer('Внедрение Битрикс 24: пакеты «Старт» и «Бизнес»', []);
    expect(result).toEqual({
      mentionsBitrix24: true, mentionsPackages: true, passes: true, matched: ['Битрикс 24', 'Внедрение', 'пакеты'],
    });
    expect(checkOffer('Внедрение, пакеты', []).passes).toBe(false);
    expect(checkOffer('Bitrix24 — лучшая CRM', []).passes).toBe(false);
  });

  it('counts an operator phrase as a package offer, case-insensitively, ё as е', () => {
    const result = checkOffer('Bitrix24: ЗАПУСК CRM ЗА 10 ДНЕЙ, настроим всё', ['запуск crm за 10 дней', '  ', 'Настроим   ВСЕ']);
    expect(result.mentionsPackages).toBe(true);
    expect(result.passes).toBe(true);
    expect(result.matched).toEqual(['Bitrix24', 'запуск crm за 10 дней', 'Настроим   ВСЕ']);
    expect(checkOffer('Bitrix24', ['чего нет']).mentionsPackages).toBe(false);
  });
});
