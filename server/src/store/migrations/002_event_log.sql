-- The moderation event log is also the audit log: append-only, one row per accepted event,
-- written before the event is broadcast. Snapshots only shorten replay after a restart.
CREATE TABLE events (
  call_id  TEXT NOT NULL REFERENCES calls(id),
  seq      INTEGER NOT NULL,
  at       INTEGER NOT NULL,
  type     TEXT NOT NULL,
  body     TEXT NOT NULL,               -- JSON event
  PRIMARY KEY (call_id, seq)
) WITHOUT ROWID;

CREATE TABLE snapshots (
  call_id  TEXT PRIMARY KEY REFERENCES calls(id),
  seq      INTEGER NOT NULL,
  state    TEXT NOT NULL                -- JSON CallState after event `seq`
);
