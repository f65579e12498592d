import { describe, expect, it } from 'vitest';
import { campaignPhase } from '../../server/content/campaign.ts';

describe('campaignPhase', () => {
  it('keeps a live campaign open through its closing day (UTC), and closes it the day after', () => {
    const campaign = { status: 'live' as const, closesOn: '2026-11-22' };
    expect(campaignPhase(campaign, new Date('2026-11-22T23:59:59Z'))).toBe('live');
    expect(campaignPhase(campaign, new Date('2026-11-23T00:00:00Z'))).toBe('closed');
    expect(campaignPhase({ status: 'live' }, new Date('2099-01-01T00:00:00Z'))).toBe('live');
  });

  it('leaves drafts and closed campaigns as they are', () => {
    expect(campaignPhase({ status: 'draft', closesOn: '2000-01-01' })).toBe('draft');
    expect(campaignPhase({ status: 'closed' })).toBe('closed');
  });
});
