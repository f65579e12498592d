export type Outcome<T> = { kind: 'done'; value: T } | { kind: 'failed'; err: unknown } | { kind: 'timeout' };

/** How a promise settled within `ms`. It is not cancelled on timeout: it may still settle later. Never rejects. */
export function within<T>(promise: Promise<T>, ms: number): Promise<Outcome<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Outcome<T>>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timeout' }), ms);
  });
  const settled = promise.then(
    (value): Outcome<T> => ({ kind: 'done', value }),
    (err: unknown): Outcome<T> => ({ kind: 'failed', err }),
  );
  return Promise.race([settled, timeout]).finally(() => clearTimeout(timer));
}
