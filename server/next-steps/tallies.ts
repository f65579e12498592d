import { CHANNELS, type Channel } from '../counts/metrics.ts';
import { hasEmail, hasFax, type Office, officeName } from '../content/office.ts';
import type { Counter } from '../counts/counter.ts';
import type { PageCounts } from '../shared/signed-tokens.ts';
import type { Translate } from '../i18n/messages.ts';
import { asList, asText } from '../shared/form-input.ts';
import type { Logger } from '../shared/logger.ts';
import { firstTime, type OnceStore } from './once-store.ts';
import { REPORT_TTL_MS } from './report-later.ts';

/** "I posted it" (faxed, emailed) for one office of the page. */
export interface TallyChoice {
  channel: Channel;
  officeId: string;
}

/** A tally button's words: what it asks ("I posted it") and what it says once counted ("Counted: posted"). */
export const tallyLabels = (t: Translate, channel: Channel) => ({ ask: t(`next-steps.tally.ask.${channel}`), done: t(`next-steps.tally.done.${channel}`) });

const TALLY = new RegExp(`^(${CHANNELS.join('|')}):([a-z0-9-]{1,80})$`);

/** "posted:consulate-chicago" → the channel and office, or undefined. */
export function parseTally(value: unknown): TallyChoice | undefined {
  const match = TALLY.exec(asText(value));
  return match ? { channel: match[1] as Channel, officeId: match[2]! } : undefined;
}

export const tallyValue = ({ channel, officeId }: TallyChoice) => `${channel}:${officeId}`;

/** Whether an office can be reached on a channel at all (nobody faxes an office without a fax number). */
export function officeTakes(office: Office, channel: Channel): boolean {
  if (channel === 'faxed') return hasFax(office);
  if (channel === 'emailed') return hasEmail(office);
  return true;
}

/** An office's tally buttons: one per channel it can be reached by, marked when already counted. */
export function officeTallies(t: Translate, office: Office, counted: ReadonlySet<string> = new Set()) {
  return CHANNELS.filter((channel) => officeTakes(office, channel)).map((channel) => {
    const value = tallyValue({ channel, officeId: office.id });
    const { ask, done } = tallyLabels(t, channel);
    return { value, channel, label: ask, doneLabel: done, counted: counted.has(value) };
  });
}

/** What the page's "Email me my letters" is counted by, beside the tallies. */
export const EMAIL_ACTION = 'email';

/**
 * Which tallies the page already shows as counted, so that a page re-drawn without JavaScript keeps its ticks.
 * Only for display: whether a tally counts is decided by the once-store, not by this list.
 */
export function parseCounted(value: unknown): string[] {
  return asList(value)
    .flatMap((v) => v.split(' '))
    .filter((v) => TALLY.test(v) || v === EMAIL_ACTION)
    .slice(0, 50);
}

export type TallyOutcome = 'counted' | 'already-counted' | 'not-recorded';

/**
 * Counts a tally once per counting key (the next-steps page's and its report code's are the same), for as long as
 * the code can count it: says whether it counted, had counted before, or could not be recorded (the store was down).
 */
export async function countTally(
  services: { onceStore: OnceStore; counter: Pick<Counter, 'record'>; logger?: Logger },
  { campaign, countingKey, tally, counts }: { campaign: string; countingKey: string; tally: TallyChoice; counts?: PageCounts },
): Promise<TallyOutcome> {
  const first = await firstTime(services.onceStore, countingKey, `tally:${tallyValue(tally)}`, REPORT_TTL_MS, services.logger);
  // A page whose letter a script plainly sent counts nothing; an unverified one's tallies go apart.
  if (first && counts !== 'none') {
    services.counter.record({ type: 'tally', campaign, channel: tally.channel, officeId: tally.officeId, ...(counts === 'unverified' && { unverified: true }) });
  }
  return first === undefined ? 'not-recorded' : first ? 'counted' : 'already-counted';
}

/** How the page shows a tally's outcome: its tone and its words. */
export const tallyStatus = (t: Translate, outcome: TallyOutcome, office: Office, channel: Channel) => ({
  tone: outcome === 'not-recorded' ? ('warning' as const) : ('success' as const),
  message: tallyMessage(t, outcome, office, channel),
});

/** What the page says after a tally button: counted, counted before, or not recorded (the store was down). */
export function tallyMessage(t: Translate, outcome: TallyOutcome, office: Office, channel: Channel): string {
  const words = { office: officeName(t, office) };
  switch (outcome) {
    case 'counted':
      return t(`next-steps.tally.counted.${channel}`, words);
    case 'already-counted':
      return t(`next-steps.tally.alreadyCounted.${channel}`, words);
    case 'not-recorded':
      return t('next-steps.tally.notRecorded');
  }
}

/** The office a tally button names, when it is one of the page's offices and can be reached that way. */
export function tallyTarget(value: unknown, offices: readonly Office[]): { tally: TallyChoice; office: Office } | undefined {
  const tally = parseTally(value);
  const office = tally && offices.find((o) => o.id === tally.officeId);
  return tally && office && officeTakes(office, tally.channel) ? { tally, office } : undefined;
}
