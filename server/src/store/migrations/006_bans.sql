-- The coalition's ban list: every ban imposed in any call, so that a ban can hold beyond its call
-- (scope 'coalition'), be read, widened and lifted from the console, and keep its evidence after
-- the call's chat and reports are trimmed. The call's own event log still holds each ban for
-- that call (member_banned / member_unbanned); this table is what the server checks at every door.
CREATE TABLE bans (
  id            TEXT PRIMARY KEY,
  call_id       TEXT NOT NULL REFERENCES calls(id),
  identity      TEXT NOT NULL,
  name          TEXT NOT NULL,
  role          TEXT NOT NULL,
  scope         TEXT NOT NULL CHECK (scope IN ('call', 'coalition')),
  reason        TEXT NOT NULL,
  -- Who banned: the identity in the call (or 'system') and the name shown then.
  by_identity   TEXT NOT NULL,
  by_name       TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  expires_at    INTEGER,
  -- What is held besides the identity: the browser (hash of the device cookie), the network
  -- (keyed hash of the address, IPv6 by /64; kept only when the network was ticked), the coalition
  -- account and the personal invitation the person joined with.
  device        TEXT,
  network       INTEGER NOT NULL CHECK (network IN (0, 1)),
  ip_hash       TEXT,
  account_id    TEXT,
  invitation_id TEXT,
  -- JSON {reports: [...], chat: [...]}: copies of what the moderator attached.
  evidence      TEXT NOT NULL,
  widened_at    INTEGER,
  widened_by    TEXT,
  lifted_at     INTEGER,
  lifted_by     TEXT
);
-- One live ban per person and call; a lifted ban stays on the list as history.
CREATE UNIQUE INDEX bans_live_per_call ON bans (call_id, identity) WHERE lifted_at IS NULL;
CREATE INDEX bans_live_device ON bans (device) WHERE lifted_at IS NULL;
CREATE INDEX bans_live_ip ON bans (ip_hash) WHERE lifted_at IS NULL;
CREATE INDEX bans_live_account ON bans (account_id) WHERE lifted_at IS NULL;
CREATE INDEX bans_created ON bans (created_at);
