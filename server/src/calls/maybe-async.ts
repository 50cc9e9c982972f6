// A value now or later. The owner of a call answers at once when it is in this process (embedded
// mode, and the owner's own gateway): keeping that path synchronous keeps "stored, applied and
// broadcast before the answer" as it always was. Another instance answers over the bus, later.
export type Maybe<T> = T | Promise<T>;

function isPromise<T>(value: Maybe<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** `next(value)` now if the value is here, or when it comes. */
export function settle<T, R>(value: Maybe<T>, next: (value: T) => R): Maybe<R> {
  return isPromise(value) ? value.then(next) : next(value);
}
