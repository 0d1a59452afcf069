import { daysBetween, formatDate, formatDateTime, retryAfterSeconds } from '../../src/frontend/src/logic/dates';

describe('dates in Russian', () => {
  it('formats a date in the given zone', () => {
    expect(formatDate('2026-12-02T10:00:00.000Z', { timeZone: 'UTC' })).toBe('2 декабря 2026 г.');
    // 23:30 UTC is already the next day in Moscow and still the same day in New York
    expect(formatDate('2026-03-01T23:30:00.000Z', { timeZone: 'Europe/Moscow' })).toBe('2 марта 2026 г.');
    expect(formatDate('2026-03-01T23:30:00.000Z', { timeZone: 'America/New_York' })).toBe('1 марта 2026 г.');
  });

  it('formats date and time', () => {
    const text = formatDateTime('2026-12-02T10:05:00.000Z', { timeZone: 'Europe/Moscow' });
    expect(text).toContain('2 декабря 2026');
    expect(text).toContain('13:05');
  });

  it('says nothing for a bad date', () => {
    expect(formatDate('not a date', { timeZone: 'UTC' })).toBe('');
  });

  it('counts whole days, never negative', () => {
    expect(daysBetween('2026-01-01T00:00:00Z', '2026-01-04T12:00:00Z')).toBe(3);
    expect(daysBetween('2026-01-01T00:00:00Z', '2026-01-01T23:59:00Z')).toBe(0);
    expect(daysBetween('2026-01-05T00:00:00Z', '2026-01-01T00:00:00Z')).toBe(0);
    expect(daysBetween('2026-01-01T00:00:00Z', null, new Date('2026-01-22T01:00:00Z'))).toBe(21);
  });

  it('reads Retry-After as seconds or a date', () => {
    expect(retryAfterSeconds('30')).toBe(30);
    expect(retryAfterSeconds(null)).toBeNull();
    expect(retryAfterSeconds('')).toBeNull();
    expect(retryAfterSeconds('soon')).toBeNull();
    const now = new Date('2026-01-01T00:00:00Z');
    expect(retryAfterSeconds('Thu, 01 Jan 2026 00:00:45 GMT', now)).toBe(45);
  });
});
