import { toBatchCommand, toPhpQuery } from './php-query';
import { isReadMethod } from './retry-policy';
import { classifyError } from './bitrix24-errors';

describe('toPhpQuery', () => {
  it('encodes nested objects and arrays with bracket keys, as parse_str reads them', () => {
    const query = toPhpQuery({
      fields: { TITLE: 'A&B = C', PHONE: [{ VALUE: '+7 900', VALUE_TYPE: 'WORK' }], OPENED: true, EMPTY: null },
      filter: { '>ID': 10, '=%TITLE': 'x%' },
    });
    expect(query).toBe(
      'fields[TITLE]=A%26B%20%3D%20C&fields[PHONE][0][VALUE]=%2B7%20900&fields[PHONE][0][VALUE_TYPE]=WORK' +
        '&fields[OPENED]=1&filter[%3EID]=10&filter[%3D%25TITLE]=x%25',
    );
  });

  it('builds batch commands, bare method when there are no params', () => {
    expect(toBatchCommand('app.info')).toBe('app.info');
    expect(toBatchCommand('crm.deal.get', { id: '$result[deal]' })).toBe('crm.deal.get?id=$result[deal]');
  });
});

describe('isReadMethod', () => {
  it.each(['crm.deal.get', 'crm.deal.list', 'app.info', 'user.current', 'profile', 'event.get', 'crm.status.list', 'crm.category.list', 'crm.deal.fields'])(
    '%s is a read',
    (method) => expect(isReadMethod(method)).toBe(true),
  );
  it.each(['crm.deal.add', 'crm.deal.update', 'event.bind', 'batch', 'event.offline.get', 'crm.timeline.comment.add'])(
    '%s is not',
    (method) => expect(isReadMethod(method)).toBe(false),
  );
});

describe('classifyError', () => {
  it.each([
    ['QUERY_LIMIT_EXCEEDED', '', 503, 'RATE_LIMIT'],
    ['OPERATION_TIME_LIMIT', '', 429, 'RATE_LIMIT'],
    ['insufficient_scope', '', 401, 'PERMANENT'],
    ['ACCESS_DENIED', '', 403, 'PERMANENT'],
    ['ERROR_METHOD_NOT_FOUND', 'Method not found!', 404, 'PERMANENT'],
    ['NOT_FOUND', '', 400, 'NOT_FOUND'],
    ['', "The entity with ID '235' is not found.", 400, 'NOT_FOUND'],
    ['', "The 'FIELD_NAME' field is not found.", 400, 'PERMANENT'],
    ['NO_AUTH_FOUND', '', 401, 'AUTH'],
    ['PORTAL_DELETED', '', 500, 'AUTH'],
    ['SOMETHING_NEW', '', 502, 'TEMPORARY'],
  ] as const)('%s "%s" (%d) → %s', (code, description, status, kind) => {
    expect(classifyError(code, description, status)).toBe(kind);
  });
});
