import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/errors.js';
import type { Period } from '../../src/shared/period.js';
import { formats } from '../../src/web/format.js';
import { catalogue } from '../../src/web/i18n/index.js';
import { describeProblem, problemOf } from '../../src/web/problem-text.js';
import { jsonForScript } from '../../src/web/render.js';

const id = catalogue('id');
const en = catalogue('en');

describe('how the console writes figures for people', () => {
  it('when money is shown, then it is whole rupiah with dots for thousands, in both languages', () => {
    expect(formats(id).money('16800')).toBe('Rp 16.800');
    expect(formats(en).money('241668000')).toBe('Rp 241.668.000');
    expect(formats(id).money('-30240')).toBe('-Rp 30.240');
    expect(formats(id).money('0')).toBe('Rp 0');
    expect(formats(id).money('999999999999999')).toBe('Rp 999.999.999.999.999');
    expect(formats(id).count(1300000)).toBe('1.300.000');
  });

  it('when a month, a date or a time is shown, then its names come from the catalogue and times are in WIB', () => {
    expect(formats(id).month('2026-03' as Period)).toBe('Maret 2026');
    expect(formats(en).month('2026-03' as Period)).toBe('March 2026');
    expect(formats(id).date('2026-11-30')).toBe('30 November 2026');
    expect(formats(en).date('2026-08-17')).toBe('17 August 2026');
    // 07:05 UTC is 14:05 in Jakarta; the day follows Jakarta's calendar too.
    expect(formats(id).time('2026-11-30T07:05:00Z')).toBe('30 November 2026 14.05 WIB');
    expect(formats(en).time('2026-11-30T07:05:00Z')).toBe('30 November 2026 14:05 WIB');
    expect(formats(id).time('2026-12-31T17:30:00Z')).toBe('1 Januari 2027 00.30 WIB');
  });
});

describe('refusals as sentences', () => {
  it('when a refusal has a known code, then the catalogue sentence leads, followed by each field error linked to its field', () => {
    const refusal = describeProblem(
      id,
      {
        status: 422,
        code: 'OVERPAYMENT',
        detail: 'the payment exceeds the outstanding amount',
        errors: [
          { path: 'amount', message: 'exceeds the outstanding 84000' },
          { path: 'periodTo', message: 'is not billed' },
        ],
      },
      { amount: 'Jumlah' },
    );
    expect(refusal.summary).toEqual([
      { text: 'Jumlahnya melebihi tagihan yang belum dibayar.' },
      { text: 'Jumlah: exceeds the outstanding 84000', href: '#f-amount' },
      { text: 'periodTo: is not billed' },
    ]);
    expect(refusal.byField).toEqual({ amount: 'Jumlah: exceeds the outstanding 84000' });
  });

  it('when a refusal has a code the catalogue does not know, then its status explains it, followed by the service’s detail', () => {
    const refusal = describeProblem(
      en,
      problemOf(
        new AppError('PERIOD_ALREADY_CLOSED', { en: 'the period is already closed', id: 'sudah ditutup' }),
        'en',
      ),
    );
    expect(refusal.summary).toEqual([
      { text: 'This conflicts with what is already recorded.' },
      { text: 'the period is already closed' },
    ]);
  });

  it('when a field path has dots, then its link and its id agree', () => {
    const refusal = describeProblem(
      en,
      {
        status: 400,
        code: 'VALIDATION_FAILED',
        errors: [{ path: 'fundingShares.0.share', message: 'must be a fraction' }],
      },
      { 'fundingShares.0.share': 'Share' },
    );
    expect(refusal.summary).toEqual([
      { text: 'Share: must be a fraction', href: '#f-fundingShares-0-share' },
    ]);
  });
});

describe('data for a chart', () => {
  it('when a value could close the script element, then it is escaped and still parses to the same value', () => {
    const value = { labels: ['</script><script>alert(1)</script>', 'A & B', '\u2028'] };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
