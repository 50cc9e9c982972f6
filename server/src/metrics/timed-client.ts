// Times every asynchronous method of a client (LiveKit's RoomServiceClient) in one place, so the
// call sites (enforcer, registry, readiness) stay as they are and none can forget to be measured.
import type { Counter, Histogram } from 'prom-client';

export interface TimedClientMetrics {
  seconds: Histogram<'method'>;
  errors: Counter<'method'>;
}

/**
 * The same object, whose methods that return a promise observe their duration (label `method`:
 * the method's name, so the label's values are the client's own methods) and count rejections.
 */
export function timedClient<T extends object>(client: T, { seconds, errors }: TimedClientMetrics): T {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(client, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function' || typeof prop !== 'string' || prop === 'constructor') return value;
      let timed = wrapped.get(prop);
      if (!timed) {
        const method = value as (...args: unknown[]) => unknown;
        timed = (...args: unknown[]) => {
          const started = performance.now();
          const result = method.apply(target, args);
          if (!(result instanceof Promise)) return result;
          const observe = () => seconds.observe({ method: prop }, (performance.now() - started) / 1000);
          return result.then(
            (ok) => {
              observe();
              return ok;
            },
            (err: unknown) => {
              observe();
              errors.inc({ method: prop });
              throw err;
            },
          );
        };
        wrapped.set(prop, timed);
      }
      return timed;
    },
  });
}
