import { randomBytes } from 'node:crypto';

/**
 * How far each print run has got, so the print-room page can show a progress bar while the PDF streams. A run is
 * known by a random id the page put in its form; all it holds is two numbers and a state, never anything printed.
 * Each process keeps its own: behind a load balancer, the page's progress only shows when the poll reaches the
 * instance making the PDF (the download itself is unaffected).
 */
export interface PrintJob {
  state: 'running' | 'done' | 'failed';
  done: number;
  total: number;
}

export const JOB_ID_SHAPE = /^[A-Za-z0-9_-]{22}$/;

export function createPrintJobs({ keepMs = 10 * 60_000, maxJobs = 1000 } = {}) {
  const jobs = new Map<string, PrintJob & { updatedAt: number }>();

  function forgetOld(now: number) {
    for (const [id, job] of jobs) if (now - job.updatedAt > keepMs || jobs.size > maxJobs) jobs.delete(id);
  }

  return {
    newId: () => randomBytes(16).toString('base64url'),
    start(id: string, total: number) {
      const now = Date.now();
      forgetOld(now);
      jobs.set(id, { state: 'running', done: 0, total, updatedAt: now });
    },
    progress(id: string, done: number) {
      const job = jobs.get(id);
      if (job) Object.assign(job, { done, updatedAt: Date.now() });
    },
    finish(id: string, state: 'done' | 'failed') {
      const job = jobs.get(id);
      if (job) Object.assign(job, { state, updatedAt: Date.now() });
    },
    get(id: string): PrintJob | undefined {
      const job = jobs.get(id);
      return job && { state: job.state, done: job.done, total: job.total };
    },
  };
}
export type PrintJobs = ReturnType<typeof createPrintJobs>;
