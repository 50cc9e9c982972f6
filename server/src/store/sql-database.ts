// The part of better-sqlite3's API the stores use, so the same store code runs on SQLite and on
// Postgres (postgres/pg-database.ts). better-sqlite3's Database satisfies it as it is; the Postgres
// one reaches its server synchronously through a worker thread. Both are synchronous on purpose:
// "a write returns or throws" is what the callers rely on (see store.ts).

/** A function's parameter types, spelled as better-sqlite3's types spell them (so its Database fits). */
type ArgumentTypes<F extends (...params: any[]) => unknown> = F extends (...args: infer A) => unknown ? A : never;

/** A prepared statement: `?` positional parameters and `@name` named ones (from one object). */
export interface SqlStatement<P extends unknown[] = unknown[], R = unknown> {
  run(...params: P): { changes: number };
  get(...params: P): R | undefined;
  all(...params: P): R[];
  /** get/all return the first column's value instead of the row. */
  pluck(toggle?: boolean): this;
}

export interface SqlDatabase {
  prepare<P extends unknown[] | {} = unknown[], R = unknown>(
    sql: string,
  ): P extends unknown[] ? SqlStatement<P, R> : SqlStatement<[P], R>;
  /**
   * Wraps `fn` in a transaction: commit when it returns, roll back and rethrow when it throws.
   * Called inside another transaction it runs in a savepoint (better-sqlite3's semantics).
   */
  transaction<F extends (...params: any[]) => unknown>(fn: F): (...params: ArgumentTypes<F>) => ReturnType<F>;
  /** Runs SQL without parameters (one or more statements). */
  exec(sql: string): unknown;
}
