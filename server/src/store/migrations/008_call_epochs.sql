-- Fencing (issue 16): in a cluster one instance at a time owns a call and writes its event log.
-- Each owner claims the log with an epoch higher than the last; an append checks, in its own
-- transaction, that the epoch it claimed is still the stored one, so an ex-owner that was paused
-- or cut off past its lease can never write again. An embedded server never claims: no row.
CREATE TABLE call_epochs (
  call_id  TEXT PRIMARY KEY,
  epoch    INTEGER NOT NULL
);
