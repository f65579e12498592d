import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * When the campaign form was drawn, signed, in a hidden field: a letter sent seconds after its form was drawn was not
 * typed by a person, and a form sent without a stamp this server made never came from its page. The stamp holds a
 * time and nothing else; a redrawn form (its messages, a picked country) keeps the stamp it was first drawn with.
 */
export type StampReading =
  | { kind: 'missing' | 'forged' }
  | { kind: 'read'; ageMs: number };

const SHAPE = /^\d{13}\.[A-Za-z0-9_-]{22}$/;

export function createFormStamps(key: Buffer) {
  const sign = (time: string) => createHmac('sha256', key).update(time).digest().subarray(0, 16).toString('base64url');
  return {
    issue: (now = new Date()) => `${now.getTime()}.${sign(String(now.getTime()))}`,
    read(value: unknown, now = new Date()): StampReading {
      if (typeof value !== 'string' || value === '') return { kind: 'missing' };
      if (!SHAPE.test(value)) return { kind: 'forged' };
      const [time = '', signature = ''] = value.split('.');
      if (!timingSafeEqual(Buffer.from(signature), Buffer.from(sign(time)))) return { kind: 'forged' };
      const ageMs = now.getTime() - Number(time);
      // Drawn in the future: another instance's clock may be ahead by a little, not by minutes.
      if (ageMs < -60_000) return { kind: 'forged' };
      return { kind: 'read', ageMs: Math.max(0, ageMs) };
    },
  };
}

export type FormStamps = ReturnType<typeof createFormStamps>;
