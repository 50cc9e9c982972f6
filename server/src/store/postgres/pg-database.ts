// A Postgres database behind the SqlDatabase interface, synchronous for its caller: statements go
// to the worker thread that owns the connection (pg-worker.mjs) and the main thread waits for the
// answer (synckit). Never forever: the server cancels a statement after `statementTimeoutMs`, the
// worker gives up a second later, and the wait on this thread ends after that. Transactions run on
// the worker's one connection: BEGIN / COMMIT / ROLLBACK, and a SAVEPOINT when nested.
import { fileURLToPath } from 'node:url';
import { createSyncFn } from 'synckit';
import type { SqlDatabase, SqlStatement } from '../sql-database';
import { bindValues, translatePlaceholders, type Translated } from './placeholders';
import type { QueryResult, WorkerRequest } from './pg-protocol';

export interface PgOptions {
  statementTimeoutMs?: number;
  connectTimeoutMs?: number;
}

export type PgDatabase = SqlDatabase & {
  /** Closes the connection; later statements throw. */
  close(): void;
  readonly open: boolean;
};

const WORKER = new URL('./pg-worker.mjs', import.meta.url);

type Call = (req: WorkerRequest) => unknown;
/**
 * The last resort if the worker itself stopped answering. The real limits are the worker's (the
 * connect timeout, the statement timeout and the query timeout a second after it), which make a
 * slow or dead server throw long before this; it is one value because synckit keeps one worker,
 * with one timeout, per process.
 */
const WORKER_UNRESPONSIVE_MS = 20_000;
let call: Call | null = null;
/** One worker per process (synckit keeps one per file); it waits idle without holding the process. */
function worker(): Call {
  call ??= createSyncFn(fileURLToPath(WORKER), { execArgv: [], timeout: WORKER_UNRESPONSIVE_MS }) as Call;
  return call;
}

export function openPgDatabase(url: string, options: PgOptions = {}): PgDatabase {
  const statementTimeoutMs = options.statementTimeoutMs ?? 5000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 5000;
  const send = worker();
  const handle = send({ op: 'open', url, statementTimeoutMs, connectTimeoutMs }) as number;
  let open = true;
  /** Transactions and savepoints open now (0: autocommit). */
  let depth = 0;
  /** A BEGIN or SAVEPOINT not sent yet: it goes with the next statement (one round trip less). */
  let pending: string[] = [];

  const query = (text: string, values: unknown[]): QueryResult => {
    if (!open) throw new TypeError('The database connection is not open');
    const before = pending;
    pending = [];
    return send({ op: 'query', handle, before, text, values }) as QueryResult;
  };

  const translated = new Map<string, Translated>();
  const translate = (sql: string): Translated => {
    let t = translated.get(sql);
    if (!t) {
      t = translatePlaceholders(sql);
      translated.set(sql, t);
    }
    return t;
  };

  function prepare(sql: string): SqlStatement<unknown[], unknown> {
    const { text, slots } = translate(sql);
    let plucked = false;
    const rowsOf = (params: unknown[]) => {
      const result = query(text, bindValues(slots, params));
      if (!plucked) return result.rows;
      const first = result.fields[0];
      if (first === undefined) throw new TypeError('The pluck() method is only for statements that return data');
      return result.rows.map((r) => r[first]);
    };
    const statement: SqlStatement<unknown[], unknown> = {
      run: (...params) => ({ changes: query(text, bindValues(slots, params)).rowCount }),
      get: (...params) => rowsOf(params)[0],
      all: (...params) => rowsOf(params),
      pluck(toggle = true) {
        plucked = toggle;
        return statement;
      },
    };
    return statement;
  }

  /**
   * Ends the transaction or savepoint `opener` began. When nothing ran since it was opened it was
   * never sent, and there is nothing to end either.
   */
  const end = (opener: string, sql: string) => {
    if (pending.at(-1) === opener) {
      pending.pop();
      return;
    }
    query(sql, []);
  };

  const db: PgDatabase = {
    prepare: prepare as PgDatabase['prepare'],
    transaction: (fn) =>
      ((...args: unknown[]) => {
        const savepoint = depth === 0 ? null : `caucus_sp${depth}`;
        const opener = savepoint ? `SAVEPOINT ${savepoint}` : 'BEGIN';
        pending.push(opener);
        depth++;
        let result: unknown;
        try {
          result = fn(...args);
        } catch (err) {
          depth--;
          try {
            end(opener, savepoint ? `ROLLBACK TO SAVEPOINT ${savepoint}; RELEASE SAVEPOINT ${savepoint}` : 'ROLLBACK');
          } catch {
            // The connection is gone: the server rolled the transaction back with it.
          }
          throw err;
        }
        depth--;
        end(opener, savepoint ? `RELEASE SAVEPOINT ${savepoint}` : 'COMMIT');
        return result;
      }) as never,
    exec: (sql) => {
      query(sql, []);
      return db;
    },
    close: () => {
      if (!open) return;
      open = false;
      send({ op: 'close', handle });
    },
    get open() {
      return open;
    },
  };
  return db;
}
