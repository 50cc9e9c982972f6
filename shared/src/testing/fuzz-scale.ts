// How much harder the fuzz and property tests push: FUZZ_RUNS=n multiplies their counts
// (`npm run fuzz`); 1 inside `npm test`. Read without Node types: shared compiles for browsers too.
const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};

export const FUZZ_SCALE = Math.max(1, Number(env.FUZZ_RUNS ?? 1) || 1);
