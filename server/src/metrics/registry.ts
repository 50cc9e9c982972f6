// PLACEHOLDER until the metrics branch lands (it replaces this file with prom-client's registry).
const noop = { inc: (_n?: number) => undefined, set: (_n: number) => undefined, observe: (_n: number) => undefined };
export const busErrors = noop;
export const busLagSeconds = noop;
export const ownerChanges = noop;
export const ownerLeases = noop;
