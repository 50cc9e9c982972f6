// Parse once at the boundary: past this point routes only see typed values.
import type { z } from 'zod';
import { HttpError } from './errors';

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new HttpError(
    400,
    'invalid_input',
    `Invalid ${what}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
  );
}
