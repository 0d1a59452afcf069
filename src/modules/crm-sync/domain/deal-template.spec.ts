import { contactNameFields } from './deal-template';

describe('contactNameFields', () => {
  it.each([
    ['Ivan Petrov', { NAME: 'Ivan', LAST_NAME: 'Petrov' }],
    ['  Иван   Петров ', { NAME: 'Иван', LAST_NAME: 'Петров' }],
    ['Петров Иван Сергеевич', { LAST_NAME: 'Петров', NAME: 'Иван', SECOND_NAME: 'Сергеевич' }],
    ['Мария', { NAME: 'Мария' }],
    ['Анна Мария фон Штейн Петрова', { NAME: 'Анна Мария фон Штейн Петрова' }],
  ])('%j goes to %j', (name, fields) => {
    expect(contactNameFields(name)).toEqual(fields);
  });
});
