// What pg-database.ts (main thread) and pg-worker.mjs (the worker that owns the connections) say
// to each other. One request at a time per connection; the main thread waits for each answer.

export interface OpenRequest {
  op: 'open';
  url: string;
  /** The server cancels a statement that runs longer than this (ms). */
  statementTimeoutMs: number;
  connectTimeoutMs: number;
}
export interface QueryRequest {
  op: 'query';
  handle: number;
  /** Statements to run first without parameters (a deferred BEGIN or SAVEPOINT). */
  before: string[];
  text: string;
  values: unknown[];
}
export interface CloseRequest {
  op: 'close';
  handle: number;
}
export type WorkerRequest = OpenRequest | QueryRequest | CloseRequest;

export interface QueryResult {
  rows: Record<string, unknown>[];
  /** Column names in order (pluck takes the first). */
  fields: string[];
  rowCount: number;
}
