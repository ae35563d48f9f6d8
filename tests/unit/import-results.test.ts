import { describe, expect, it } from 'vitest';
import { ImportResults } from '../../src/web/import-results.js';

const answer = (created: number) => ({ created, enrolled: 0, rejected: [] });
const HOUR = 60 * 60 * 1000;

describe('the console’s held import results', () => {
  it('when read by the uploading session within the hour, then the answer is there; another session, or later, finds nothing', () => {
    const results = new ImportResults();
    const key = results.keep('s1', 'desa.csv', answer(3), 0);
    expect(results.read('s1', key, HOUR - 1)).toEqual({ fileName: 'desa.csv', answer: answer(3) });
    expect(results.read('s2', key, 0)).toBeNull();
    expect(results.read('s1', key, HOUR)).toBeNull();
  });

  it('when more than ten are held, then the oldest is forgotten first', () => {
    const results = new ImportResults();
    const keys = Array.from({ length: 11 }, (_, i) => results.keep('s', `${i}.csv`, answer(i), i));
    expect(results.read('s', keys[0]!, 20)).toBeNull();
    expect(results.read('s', keys[1]!, 20)?.answer.created).toBe(1);
    expect(results.read('s', keys[10]!, 20)?.answer.created).toBe(10);
  });
});
