// @ts-check
// The worker thread that owns the Postgres connections (node-postgres is asynchronous; the stores
// are not). pg-database.ts sends one request at a time and waits for its answer on the main
// thread (synckit: a SharedArrayBuffer and Atomics.wait). One worker serves every connection of
// the process, each a `pg` Client by its handle: a transaction lives on one connection.
// Plain JavaScript on purpose: on Node 20 a worker thread cannot load TypeScript through tsx's
// loader hooks, and this file must run the same under `tsx`, vitest and node. The messages are
// typed in pg-protocol.ts.
import pg from 'pg';
import { runAsWorker } from 'synckit';

// Ids, seqs and ms timestamps are BIGINT: they come back as JS numbers, as SQLite gives them
// (all of them fit in 2^53). COUNT(*) is int8 too.
pg.types.setTypeParser(pg.types.builtins.INT8, Number);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, Number);

/** @typedef {import('./pg-protocol').WorkerRequest} WorkerRequest */
/** @typedef {import('./pg-protocol').QueryResult} QueryResult */
/** @typedef {{ config: pg.ClientConfig, client: pg.Client | null, broken: Error | null, retryAt: number, txClient: pg.Client | null }} Connection */

/**
 * After a failed connection attempt, requests fail at once for this long instead of each waiting
 * out the connect timeout: every wait blocks the caller's event loop (its /readyz included).
 */
const RECONNECT_BACKOFF_MS = 1000;

/** @type {Map<number, Connection>} */
const connections = new Map();
let nextHandle = 1;

/** @param {Connection} conn */
async function connect(conn) {
  if (conn.client) return conn.client;
  if (Date.now() < conn.retryAt) throw new Error(`Postgres unavailable: ${conn.broken?.message ?? 'the last connection attempt failed'}`);
  const client = new pg.Client(conn.config);
  // A connection that dies (server restart, network) must not crash the worker: the next request
  // fails with the reason and the one after it connects again.
  client.on('error', (err) => {
    conn.broken = err;
    if (conn.client === client) conn.client = null;
  });
  client.on('end', () => {
    if (conn.client === client) conn.client = null;
  });
  try {
    await client.connect();
  } catch (err) {
    conn.broken = /** @type {Error} */ (err);
    conn.retryAt = Date.now() + RECONNECT_BACKOFF_MS;
    throw err;
  }
  conn.broken = null;
  conn.client = client;
  return client;
}

/**
 * Runs one query; a connection that stopped answering (a partition: no error, no reply) is
 * dropped, so the next request connects again instead of waiting on it once more.
 * @param {Connection} conn
 * @param {pg.Client} client
 * @param {pg.QueryConfig} query
 */
async function run(conn, client, query) {
  try {
    return await client.query(query);
  } catch (err) {
    if (/timeout/i.test(String(/** @type {Error} */ (err).message)) && !(/** @type {{ code?: string }} */ (err).code)) {
      if (conn.client === client) conn.client = null;
      client.end().catch(() => {});
    }
    throw err;
  }
}

/**
 * @param {WorkerRequest} req
 * @returns {Promise<number | QueryResult | null>}
 */
async function handle(req) {
  switch (req.op) {
    case 'open': {
      /** @type {Connection} */
      const conn = {
        config: {
          connectionString: req.url,
          connectionTimeoutMillis: req.connectTimeoutMs,
          statement_timeout: req.statementTimeoutMs,
          // The worker gives up on an answer a little after the server should have cancelled it.
          query_timeout: req.statementTimeoutMs + 1000,
          // A transaction left open by a stalled caller (a process paused by SIGSTOP or a long GC
          // in the middle of an append) does not hold its locks for long: the server ends that
          // session well within the statement timeout of whoever waits for them (a new owner's
          // claim waits for the epoch row). A live transaction is idle only between statements.
          idle_in_transaction_session_timeout: Math.max(500, Math.floor(req.statementTimeoutMs / 2)),
          keepAlive: true,
        },
        client: null,
        broken: null,
        retryAt: 0,
        txClient: null,
      };
      await connect(conn);
      const h = nextHandle++;
      connections.set(h, conn);
      return h;
    }
    case 'query': {
      const conn = connections.get(req.handle);
      if (!conn) throw new Error('Postgres connection is closed');
      // A BEGIN starts a transaction (the main thread sends one only outside any): an earlier one
      // is over, whatever became of its connection.
      if (req.before.includes('BEGIN')) conn.txClient = null;
      const client = await connect(conn);
      if (conn.txClient && conn.txClient !== client) {
        // The connection that held the transaction died, and the server rolled it back with it.
        // The rest of it must not run on a new connection as separate commits.
        conn.txClient = null;
        if (req.text === 'ROLLBACK') return { rows: [], fields: [], rowCount: 0 };
        throw new Error('Postgres connection lost in the middle of a transaction (it was rolled back)');
      }
      if (req.before.includes('BEGIN')) conn.txClient = client;
      for (const sql of req.before) await run(conn, client, { text: sql });
      // Buffers cross threads as plain Uint8Arrays: bytea parameters need them back as Buffers.
      const values = req.values.map((v) => (v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v) : v));
      if (req.text === 'COMMIT' || req.text === 'ROLLBACK') conn.txClient = null;
      const result = await run(conn, client, { text: req.text, values });
      return { rows: result.rows, fields: (result.fields ?? []).map((f) => f.name), rowCount: result.rowCount ?? 0 };
    }
    case 'close': {
      const conn = connections.get(req.handle);
      connections.delete(req.handle);
      await conn?.client?.end().catch(() => {});
      return null;
    }
  }
}

runAsWorker(handle);
