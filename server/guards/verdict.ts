import type { ProofReading } from './proof-of-work.ts';
import type { StampReading } from './form-stamp.ts';
import type { PageCounts } from '../shared/signed-tokens.ts';

/**
 * Whether a sent letter form counts, from signals that keep nothing about the person:
 * - `bot`: not counted at all, though the letters are still made — the hidden field a person never sees was filled,
 *   the form carries no stamp this server made (it never came from the page), or a proof of work that is forged or
 *   was used before;
 * - `unverified`: counted apart, as "unverified letters" — plausibly a person, but unproven: no proof of work (no
 *   JavaScript, or sent before it finished), a form drawn more than a day ago, sent within seconds of being drawn, or
 *   more than the hourly number of verified letter sets from one address;
 * - `verified`: counted in every number.
 */
export type Verdict = 'verified' | 'unverified' | 'bot';
export type VerdictReason = 'honeypot' | 'no-stamp' | 'forged-proof' | 'reused-proof' | 'no-proof' | 'old-form' | 'too-fast' | 'over-quota';

/** The form's fields the guards read; none of them is part of the letter. */
export const GUARD_FIELDS = { stamp: 'formStamp', proof: 'altcha', honeypot: 'leaveBlank' } as const;

/** A person takes longer than this to fill in a name and choose offices. */
export const MIN_FORM_MS = 3_000;
/** A form drawn longer ago than this is still a letter, but no longer proves it came from a fresh page. */
export const MAX_FORM_AGE_MS = 24 * 60 * 60 * 1000;

export interface Signals {
  honeypot: string;
  stamp: StampReading;
  proof: ProofReading;
  /** The proof of work had not been used before (checked only for a solved one). */
  proofFirstUse: boolean;
  /** The client may have one more verified letter set this hour (asked last, so a rejected form takes none). */
  withinQuota: () => boolean;
}

export function judge(signals: Signals): { verdict: Verdict; reason?: VerdictReason } {
  if (signals.honeypot.trim() !== '') return { verdict: 'bot', reason: 'honeypot' };
  if (signals.stamp.kind !== 'read') return { verdict: 'bot', reason: 'no-stamp' };
  if (signals.proof.kind === 'invalid') return { verdict: 'bot', reason: 'forged-proof' };
  if (signals.proof.kind === 'solved' && !signals.proofFirstUse) return { verdict: 'bot', reason: 'reused-proof' };
  if (signals.proof.kind === 'missing') return { verdict: 'unverified', reason: 'no-proof' };
  if (signals.stamp.ageMs > MAX_FORM_AGE_MS) return { verdict: 'unverified', reason: 'old-form' };
  if (signals.stamp.ageMs < MIN_FORM_MS) return { verdict: 'unverified', reason: 'too-fast' };
  if (!signals.withinQuota()) return { verdict: 'unverified', reason: 'over-quota' };
  return { verdict: 'verified' };
}

/** How the next-steps page of a letter so judged counts its buttons (carried in its signed token). */
export const PAGE_COUNTS: Record<Verdict, PageCounts | undefined> = { verified: undefined, unverified: 'unverified', bot: 'none' };
