import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Office } from '../content/office.ts';
import { DAY_MS } from '../shared/day.ts';

/**
 * "I posted it" days later. People print today and post tomorrow, long after the next-steps page is closed, so the
 * address page of their PDF (the page they keep, never a letter that is sent) carries a short code. The code holds
 * what the page's token holds for the tallies, and no more: the page's counting key, the offices the letter was
 * written to, and the day it expires, signed. Nothing is stored to honour it, and a tally made with it counts once
 * together with the same tally made on the page.
 */

/** How long after the letters were made a supporter may still report them. */
export const REPORT_DAYS = 30;
export const REPORT_TTL_MS = REPORT_DAYS * DAY_MS;

const KEY_BYTES = 6;
const DAY_BYTES = 2;
const SIGNATURE_BYTES = 6;

/** What a code stands for. */
export interface ReportCode {
  /** The page's counting key (see countingKeyOf). */
  countingKey: string;
  /** The offices the letter was written to, in the campaign's order. */
  officeIds: string[];
  /** The last day (UTC, days since 1970) the code counts. */
  lastDay: number;
}

/**
 * What tallies are counted once by: the first 48 bits of the page token's random nonce. A code has room for no more,
 * and the page uses the same key, so the page and its code never count a tally twice.
 */
export const countingKeyOf = (nonce: string) => Buffer.from(nonce, 'base64url').subarray(0, KEY_BYTES).toString('base64url');

// Crockford's base32: no I, L, O or U, and read back forgivingly (O as 0, I and L as 1, any case, any dashes).
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function toBase32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function fromBase32(text: string): Buffer | undefined {
  const clean = text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const digit = ALPHABET.indexOf(char);
    if (digit < 0) return undefined;
    value = ((value << 5) | digit) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  // What is left over must be the zero padding of the last character, and less than a character.
  if (bits >= 5 || (value & ((1 << bits) - 1)) !== 0) return undefined;
  return Buffer.from(bytes);
}

/** "7K2M9QXD…" in groups of four, for reading off paper. */
export const formatCode = (code: string) => code.match(/.{1,4}/g)!.join('-');

/** The code as it goes in a link: grouped, upper case, nothing else. */
export const normalizeCode = (typed: string) => {
  const bytes = fromBase32(typed);
  return bytes && bytes.length > 0 ? formatCode(toBase32(bytes)) : '';
};

export interface ReportCodes {
  /** The code, and the last day it counts. */
  issue(campaignSlug: string, countingKey: string, letterOffices: readonly Office[], campaignOffices: readonly Office[], now: Date): { code: string; until: Date };
  /** What a code stands for, or undefined when it is mistyped, forged, expired or for another campaign's offices. */
  read(campaignSlug: string, code: string, campaignOffices: readonly Office[], now: Date): ReportCode | undefined;
}

/**
 * `key` is derived from the server's secret for this purpose alone (plugins/signed-tokens.ts: keyFor), so a code
 * verifies on every instance that shares the secret, and dies with it. The office set travels per country written to: the country's two
 * letters, then one bit per office the campaign has there (a letter usually goes to one country's offices, so a code
 * stays short however many countries the campaign reaches). The signature covers the office ids themselves: if the
 * campaign's list of offices changes, old codes stop verifying instead of naming other offices.
 */
export function createReportCodes(key: string | Buffer = randomBytes(32)): ReportCodes {
  const sign = (slug: string, countingKey: string, lastDay: number, officeIds: string[]) =>
    createHmac('sha256', key).update(JSON.stringify([slug, countingKey, lastDay, officeIds])).digest().subarray(0, SIGNATURE_BYTES);

  return {
    issue(slug, countingKey, letterOffices, campaignOffices, now) {
      const lastDay = Math.floor(now.getTime() / DAY_MS) + REPORT_DAYS;
      const chosen = new Set(letterOffices.map((o) => o.id));
      const countries = [...new Set(campaignOffices.filter((o) => chosen.has(o.id)).map((o) => o.country))];
      const sets = countries.map((country) => {
        const there = campaignOffices.filter((o) => o.country === country);
        const mask = Buffer.alloc(Math.ceil(there.length / 8));
        there.forEach((office, i) => {
          if (chosen.has(office.id)) mask[i >> 3]! |= 1 << (i & 7);
        });
        return Buffer.concat([Buffer.from(country, 'latin1'), mask]);
      });
      const officeIds = campaignOffices.filter((o) => chosen.has(o.id)).map((o) => o.id);
      const day = Buffer.alloc(DAY_BYTES);
      day.writeUInt16BE(lastDay);
      const body = Buffer.concat([Buffer.from(countingKey, 'base64url'), day, ...sets]);
      return { code: formatCode(toBase32(Buffer.concat([body, sign(slug, countingKey, lastDay, officeIds)]))), until: new Date(lastDay * DAY_MS) };
    },
    read(slug, code, campaignOffices, now) {
      const bytes = fromBase32(code);
      if (!bytes || bytes.length < KEY_BYTES + DAY_BYTES + SIGNATURE_BYTES) return undefined;
      const countingKey = bytes.subarray(0, KEY_BYTES).toString('base64url');
      const lastDay = bytes.readUInt16BE(KEY_BYTES);
      const end = bytes.length - SIGNATURE_BYTES;
      const chosen = new Set<string>();
      for (let at = KEY_BYTES + DAY_BYTES; at < end; ) {
        const country = bytes.subarray(at, at + 2).toString('latin1');
        const there = campaignOffices.filter((o) => o.country === country);
        const maskBytes = Math.ceil(there.length / 8);
        if (there.length === 0 || at + 2 + maskBytes > end) return undefined;
        const mask = bytes.subarray(at + 2, at + 2 + maskBytes);
        there.forEach((office, i) => {
          if ((mask[i >> 3]! & (1 << (i & 7))) !== 0) chosen.add(office.id);
        });
        at += 2 + maskBytes;
      }
      const officeIds = campaignOffices.filter((o) => chosen.has(o.id)).map((o) => o.id);
      const signature = bytes.subarray(end);
      if (!timingSafeEqual(signature, sign(slug, countingKey, lastDay, officeIds))) return undefined;
      if (officeIds.length === 0 || lastDay < Math.floor(now.getTime() / DAY_MS)) return undefined;
      return { countingKey, officeIds, lastDay };
    },
  };
}
