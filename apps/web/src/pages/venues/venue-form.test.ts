import { describe, expect, it } from 'vitest';
import { eurosToCents } from './venue-form';

describe('eurosToCents', () => {
  it('reads euros the Dutch way and the English way, to whole cents', () => {
    expect(eurosToCents('620')).toBe(62000);
    expect(eurosToCents('620,5')).toBe(62050);
    expect(eurosToCents('1.234,56')).toBe(123456);
    expect(eurosToCents('1234.56')).toBe(123456);
    expect(eurosToCents('€ 0,01')).toBe(1);
  });

  it('refuses what is no amount: negative, three decimals, text', () => {
    for (const text of ['-5', '1,234', '12,345', 'tien', '', '1.23.4']) expect(eurosToCents(text)).toBeUndefined();
  });
});
