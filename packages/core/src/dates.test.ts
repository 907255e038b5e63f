import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isCalendarDate, isoDay, parseIsoDay } from './dates.ts';

test('isoDay is the UTC day, as toISOString gives it', () => {
  for (const iso of ['2026-11-27T23:59:59.999Z', '2027-01-01T00:00:00Z', '0999-03-04T12:00:00Z']) {
    const date = new Date(iso);
    assert.equal(isoDay(date), date.toISOString().slice(0, 10));
  }
});

test('only real calendar days are dates', () => {
  assert.equal(isCalendarDate('2028-02-29'), true);
  for (const text of ['2027-02-29', '2027-13-01', '2027-1-01', '27-01-01', '2027-01-01T00:00']) {
    assert.equal(isCalendarDate(text), false, text);
  }
  assert.equal(parseIsoDay('2026-11-27')?.toISOString(), '2026-11-27T00:00:00.000Z');
  assert.equal(parseIsoDay('2026-11-31'), undefined);
});
