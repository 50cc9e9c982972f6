// Say it plainly, before anything starts, when a native module was built for another Node (the
// usual cause: Node was switched after `npm install`). Without this the first sign is an
// ERR_DLOPEN_FAILED deep inside the store's start.
import { createRequire } from 'node:module';

const { nativeLoadErrors } = createRequire(import.meta.url)('./build.cjs') as {
  nativeLoadErrors(): { name: string; error: string }[];
};

/** A message naming each native module that does not load in this Node and the fix, or null. */
export function nativeModulesProblem(): string | null {
  const errors = nativeLoadErrors();
  if (errors.length === 0) return null;
  return (
    errors.map(({ name, error }) => `${name} does not load in Node ${process.version}: ${error}`).join('\n') +
    `\nIt was built for another Node. Rebuild it for this one: npm run postinstall (or npm ci).`
  );
}
