-- Calls, their role invites and the sessions minted at join.
-- Invite and session secrets are stored only as SHA-256 hashes: a leaked database lets nobody in.
CREATE TABLE calls (
  id          TEXT PRIMARY KEY,
  title       TEXT NOT NULL,
  settings    TEXT NOT NULL,            -- JSON, shared callSettingsSchema (passcode included)
  created_at  INTEGER NOT NULL,
  ended_at    INTEGER
);

CREATE TABLE invites (
  token_hash  TEXT PRIMARY KEY,
  call_id     TEXT NOT NULL REFERENCES calls(id),
  role        TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  revoked_at  INTEGER
);
CREATE INDEX invites_by_call ON invites(call_id, role);

CREATE TABLE sessions (
  token_hash  TEXT PRIMARY KEY,
  call_id     TEXT NOT NULL REFERENCES calls(id),
  identity    TEXT NOT NULL,
  role        TEXT NOT NULL,
  name        TEXT NOT NULL,
  device      TEXT,                     -- hash of the device cookie
  ip_hash     TEXT,
  created_at  INTEGER NOT NULL
);
CREATE INDEX sessions_by_identity ON sessions(call_id, identity);
CREATE INDEX sessions_by_device ON sessions(call_id, device, role);
