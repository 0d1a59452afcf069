import { Bitrix24Error } from '../infrastructure/bitrix24';
import { verdictOn } from './failure-policy';

const error = (kind: Bitrix24Error['kind'], code: string, retryAt?: Date) => {
  const e = new Bitrix24Error(kind, code, `${code}: the portal's own words, which decide nothing`);
  e.retryAt = retryAt;
  return e;
};

describe('verdictOn: what a Bitrix24 failure means for a job', () => {
  it('leaves the work for a new install when the portal is not installed (uninstalled or suspended)', () => {
    expect(verdictOn(error('AUTH', 'PORTAL_NOT_INSTALLED'))).toEqual({ kind: 'portal-gone' });
  });

  const at = new Date('2026-12-02T10:10:00Z');

  it.each([
    ['the circuit is open', error('TEMPORARY', 'PORTAL_UNAVAILABLE', at)],
    ['a method spent its execution time', error('RATE_LIMIT', 'OPERATION_TIME_LIMIT', at)],
  ])('waits for the moment the portal named when %s', (_case, failure) => {
    expect(verdictOn(failure)).toEqual({ kind: 'wait', until: at });
  });

  it.each([
    ['a timeout', error('TEMPORARY', 'TIMEOUT')],
    ['a 5xx', error('TEMPORARY', 'INTERNAL_SERVER_ERROR')],
    ['the leaky bucket', error('RATE_LIMIT', 'QUERY_LIMIT_EXCEEDED')],
    ['a refused grant', error('AUTH', 'invalid_grant')],
    ['a rename not yet resolved', error('PERMANENT', 'PORTAL_MOVED')],
    ['something that is not Bitrix24', new Error('connection terminated')],
  ])('retries after %s', (_case, failure) => {
    expect(verdictOn(failure)).toEqual({ kind: 'retry' });
  });

  it.each([
    ['validation', error('PERMANENT', 'ERROR_CORE'), 'PERMANENT ERROR_CORE'],
    ['access denied', error('PERMANENT', 'ACCESS_DENIED'), 'PERMANENT ACCESS_DENIED'],
    ['a record that is gone', error('NOT_FOUND', 'NOT_FOUND'), 'NOT_FOUND NOT_FOUND'],
  ])('gives up on %s, saying why', (_case, failure, reason) => {
    expect(verdictOn(failure)).toEqual({ kind: 'give-up', reason });
  });
});
