import { DomainError } from './domain-error';
import { failureReason } from './failure-reason';

describe('failureReason', () => {
  it('keeps our own coded messages', () => {
    expect(failureReason(new DomainError('LEAD_NOT_OPEN', 'This request is no longer open.'))).toBe(
      'LEAD_NOT_OPEN: This request is no longer open.',
    );
  });

  it('drops the text of anything else, which may quote a contact', () => {
    const remote = Object.assign(new Error('Invalid e-mail ivan@romashka.example'), { kind: 'PERMANENT', code: 'ERROR_CORE', name: 'Bitrix24Error' });
    expect(failureReason(remote)).toBe('Bitrix24Error PERMANENT ERROR_CORE');
    expect(failureReason(new Error('invalid input syntax: "+79991234567"'))).toBe('Error');
    expect(failureReason('oops')).toBe('unknown error');
  });
});
