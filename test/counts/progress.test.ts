import { describe, expect, it } from 'vitest';
import { publicProgress } from '../../server/counts/progress.ts';
import { sharedMessages } from '../../server/i18n/messages.ts';

const t = sharedMessages().forLanguage('en');

describe('public progress', () => {
  it('hides a count below the threshold and shows it exactly from there', () => {
    expect(publicProgress(0, { threshold: 10, t })).toEqual({ text: 'Fewer than 10 letters made', exact: false });
    expect(publicProgress(9, { threshold: 10, t })).toEqual({ text: 'Fewer than 10 letters made', exact: false });
    expect(publicProgress(10, { threshold: 10, t })).toEqual({ text: '10 letters made', exact: true });
    expect(publicProgress(12345, { threshold: 10, language: 'en-US', t }).text).toBe('12,345 letters made');
  });

  it('fills the goal bar only with a number it may show, and never past the goal', () => {
    expect(publicProgress(9, { threshold: 10, goal: 100, t }).goal).toMatchObject({ shown: 0, percent: 0, max: 100 });
    expect(publicProgress(25, { threshold: 10, goal: 100, t }).goal).toMatchObject({ shown: 25, percent: 25, text: 'Goal: 100 letters' });
    expect(publicProgress(250, { threshold: 10, goal: 100, t }).goal).toMatchObject({ shown: 100, percent: 100 });
  });

  it('speaks the page language, with its own numbers and plurals', () => {
    const ko = sharedMessages().forLanguage('ko');
    expect(publicProgress(1234, { threshold: 10, language: 'de', t: sharedMessages().forLanguage('de') }).text).toMatch(/^1\.234 /);
    expect(publicProgress(1, { threshold: 1, t }).text).toBe('1 letter made');
    expect(publicProgress(5, { threshold: 10, language: 'ko', t: ko }).text).not.toBe(publicProgress(5, { threshold: 10, t }).text);
  });
});
