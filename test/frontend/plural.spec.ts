import {
  capReachedText,
  daysInWorkText,
  LEADS,
  LEADS_GENITIVE,
  ofCount,
  plural,
  PLACES,
  pluralForm,
  usersText,
} from '../../src/frontend/src/logic/plural';

describe('Russian plurals', () => {
  it.each([
    [1, '1 заявка'],
    [2, '2 заявки'],
    [3, '3 заявки'],
    [4, '4 заявки'],
    [5, '5 заявок'],
    [11, '11 заявок'],
    [12, '12 заявок'],
    [14, '14 заявок'],
    [21, '21 заявка'],
    [22, '22 заявки'],
    [25, '25 заявок'],
    [101, '101 заявка'],
    [111, '111 заявок'],
    [0, '0 заявок'],
  ])('%i → %s', (n, text) => {
    expect(plural(n, LEADS)).toBe(text);
  });

  it('says users, days and places', () => {
    expect(usersText(1)).toBe('1 пользователь');
    expect(usersText(3)).toBe('3 пользователя');
    expect(usersText(25)).toBe('25 пользователей');
    expect(usersText(21)).toBe('21 пользователь');
    expect(daysInWorkText(1)).toBe('в работе 1 день');
    expect(daysInWorkText(3)).toBe('в работе 3 дня');
    expect(daysInWorkText(5)).toBe('в работе 5 дней');
    expect(daysInWorkText(11)).toBe('в работе 11 дней');
    expect(daysInWorkText(21)).toBe('в работе 21 день');
    expect(daysInWorkText(0)).toBe('в работе меньше дня');
    expect(pluralForm(2, PLACES)).toBe('места');
    expect(pluralForm(5, PLACES)).toBe('мест');
  });

  it('puts the genitive after «из»', () => {
    expect(ofCount(1, LEADS_GENITIVE)).toBe('1 заявки');
    expect(ofCount(2, LEADS_GENITIVE)).toBe('2 заявок');
    expect(ofCount(3, LEADS_GENITIVE)).toBe('3 заявок');
    expect(ofCount(5, LEADS_GENITIVE)).toBe('5 заявок');
    expect(ofCount(11, LEADS_GENITIVE)).toBe('11 заявок');
    expect(ofCount(21, LEADS_GENITIVE)).toBe('21 заявки');
  });

  it('writes the cap sentence', () => {
    expect(capReachedText(3, 3)).toBe('В работе 3 из 3 заявок: закройте одну из сделок, чтобы взять новую');
    expect(capReachedText(1, 1)).toBe('В работе 1 из 1 заявки: закройте одну из сделок, чтобы взять новую');
    expect(capReachedText(5, 5)).toBe('В работе 5 из 5 заявок: закройте одну из сделок, чтобы взять новую');
    expect(capReachedText(21, 21)).toBe('В работе 21 из 21 заявки: закройте одну из сделок, чтобы взять новую');
  });
});
