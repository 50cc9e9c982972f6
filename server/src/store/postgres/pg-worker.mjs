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
/** @typedef {{ config: pg.ClientConfig, client: pg.Client | null, broken: Error | null }} Connection */

/** @type {Map<number, Connection>} */
const connections = new Map();
let nextHandle = 1;

/** @param {Connection} conn */
async function connect(conn) {
  if (conn.client) return conn.client;
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
  await client.connect();
  conn.client = client;
  return client;
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
          // A transaction left open by a stalled caller does not hold its locks forever.
          idle_in_transaction_session_timeout: req.statementTimeoutMs * 2,
          keepAlive: true,
        },
        client: null,
        broken: null,
      };
      await connect(conn);
      const h = nextHandle++;
      connections.set(h, conn);
      return h;
    }
    case 'query': {
      const conn = connections.get(req.handle);
      if (!conn) throw new Error('Postgres connection is closed');
      if (conn.broken && !conn.client) {
        const err = conn.broken;
        conn.broken = null;
        throw new Error(`Postgres connection lost: ${err.message}`);
      }
      const client = await connect(conn);
      for (const sql of req.before) await client.query(sql);
      // Buffers cross threads as plain Uint8Arrays: bytea parameters need them back as Buffers.
      const values = req.values.map((v) => (v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v) : v));
      const result = await client.query({ text: req.text, values });
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
