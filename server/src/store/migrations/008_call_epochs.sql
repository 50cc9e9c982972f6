-- Cluster mode: which owner epoch a call's event log belongs to (an append under an older one fails).
CREATE TABLE call_epochs (
  call_id TEXT PRIMARY KEY,
  epoch INTEGER NOT NULL
);
