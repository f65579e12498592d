import { describe, expect, it } from 'vitest';
import { publicProgress } from '../../server/counts/progress.ts';

describe('public progress', () => {
  it('hides a count below the threshold and shows it exactly from there', () => {
    expect(publicProgress(0, { threshold: 10 })).toEqual({ text: 'Fewer than 10 letters made', exact: false });
    expect(publicProgress(9, { threshold: 10 })).toEqual({ text: 'Fewer than 10 letters made', exact: false });
    expect(publicProgress(10, { threshold: 10 })).toEqual({ text: '10 letters made', exact: true });
    expect(publicProgress(12345, { threshold: 10, language: 'en-US' }).text).toBe('12,345 letters made');
  });

  it('fills the goal bar only with a number it may show, and never past the goal', () => {
    expect(publicProgress(9, { threshold: 10, goal: 100 }).goal).toMatchObject({ shown: 0, percent: 0, max: 100 });
    expect(publicProgress(25, { threshold: 10, goal: 100 }).goal).toMatchObject({ shown: 25, percent: 25, text: 'Goal: 100 letters' });
    expect(publicProgress(250, { threshold: 10, goal: 100 }).goal).toMatchObject({ shown: 100, percent: 100 });
  });
});
