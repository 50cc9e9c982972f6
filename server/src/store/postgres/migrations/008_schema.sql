-- The schema of SQLite's migrations 001-008 (../../migrations) in Postgres's dialect, as one
-- step: a Postgres database starts at version 8. Later migrations get a file in both folders with
-- the same number. Differences from SQLite: ms timestamps and counters are BIGINT (they come back
-- as JS numbers, see pg-worker.mjs), blobs are BYTEA, and the columns SQLite compares with
-- COLLATE NOCASE (emails, organization names) are CITEXT.
CREATE EXTENSION IF NOT EXISTS citext;

CREATE TABLE calls (
  id                 TEXT PRIMARY KEY,
  title              TEXT NOT NULL,
  settings           TEXT NOT NULL,
  created_at         BIGINT NOT NULL,
  ended_at           BIGINT,
  is_public          INTEGER NOT NULL DEFAULT 0,
  starts_at          BIGINT,
  time_zone          TEXT,
  duration_min       INTEGER,
  description        TEXT,
  speakers           TEXT,
  public_invite      TEXT,
  shared_links       INTEGER NOT NULL DEFAULT 1,
  created_by         TEXT,
  participant_invite TEXT
);
CREATE INDEX calls_public_by_start ON calls (is_public, starts_at);
CREATE INDEX calls_open ON calls (created_at) WHERE ended_at IS NULL;

CREATE TABLE invites (
  token_hash  TEXT PRIMARY KEY,
  call_id     TEXT NOT NULL REFERENCES calls(id),
  role        TEXT NOT NULL,
  created_at  BIGINT NOT NULL,
  revoked_at  BIGINT
);
CREATE INDEX invites_by_call ON invites (call_id, role);

CREATE TABLE sessions (
  token_hash   TEXT PRIMARY KEY,
  call_id      TEXT NOT NULL REFERENCES calls(id),
  identity     TEXT NOT NULL,
  role         TEXT NOT NULL,
  name         TEXT NOT NULL,
  device       TEXT,
  ip_hash      TEXT,
  created_at   BIGINT NOT NULL,
  minted_by    TEXT,
  last_seen_at BIGINT,
  revoked_at   BIGINT,
  org          TEXT,
  registered   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sessions_by_identity ON sessions (call_id, identity);
CREATE INDEX sessions_by_link ON sessions (call_id, minted_by);

CREATE TABLE events (
  call_id  TEXT NOT NULL REFERENCES calls(id),
  seq      BIGINT NOT NULL,
  at       BIGINT NOT NULL,
  type     TEXT NOT NULL,
  body     TEXT NOT NULL,
  PRIMARY KEY (call_id, seq)
);

CREATE TABLE snapshots (
  call_id  TEXT PRIMARY KEY REFERENCES calls(id),
  seq      BIGINT NOT NULL,
  state    TEXT NOT NULL
);

CREATE TABLE accounts (
  id               TEXT PRIMARY KEY,
  name             TEXT NOT NULL,
  email            CITEXT NOT NULL UNIQUE,
  role             TEXT NOT NULL CHECK (role IN ('owner', 'organizer', 'moderator')),
  password_hash    TEXT,
  webauthn_user_id TEXT NOT NULL UNIQUE,
  created_at       BIGINT NOT NULL
);

CREATE TABLE passkeys (
  id           TEXT PRIMARY KEY,
  account_id   TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  public_key   BYTEA NOT NULL,
  counter      BIGINT NOT NULL,
  transports   TEXT NOT NULL DEFAULT '[]',
  name         TEXT NOT NULL,
  created_at   BIGINT NOT NULL,
  last_used_at BIGINT
);
CREATE INDEX passkeys_account ON passkeys (account_id);

CREATE TABLE account_sessions (
  token_hash   TEXT PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  account_id   TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  csrf_token   TEXT NOT NULL,
  user_agent   TEXT NOT NULL,
  created_at   BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at   BIGINT NOT NULL
);
CREATE INDEX account_sessions_account ON account_sessions (account_id);

CREATE TABLE account_invitations (
  id         TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  kind       TEXT NOT NULL CHECK (kind IN ('setup', 'member')),
  role       TEXT NOT NULL CHECK (role IN ('owner', 'organizer', 'moderator')),
  name       TEXT NOT NULL,
  created_by TEXT REFERENCES accounts(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at    BIGINT,
  revoked_at BIGINT
);

CREATE TABLE api_tokens (
  id           TEXT PRIMARY KEY,
  token_hash   TEXT NOT NULL UNIQUE,
  account_id   TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  created_at   BIGINT NOT NULL,
  last_used_at BIGINT
);
CREATE INDEX api_tokens_account ON api_tokens (account_id);

CREATE TABLE call_invitations (
  id          TEXT PRIMARY KEY,
  call_id     TEXT NOT NULL REFERENCES calls(id),
  role        TEXT NOT NULL CHECK (role IN ('host', 'moderator', 'speaker')),
  name        TEXT NOT NULL,
  token_hash  TEXT NOT NULL UNIQUE,
  account_id  TEXT REFERENCES accounts(id) ON DELETE CASCADE,
  device      TEXT,
  identity    TEXT,
  created_by  TEXT,
  created_at  BIGINT NOT NULL,
  sent_at     BIGINT NOT NULL,
  revoked_at  BIGINT
);
CREATE INDEX call_invitations_call ON call_invitations (call_id);
CREATE INDEX call_invitations_account ON call_invitations (account_id);

CREATE TABLE bans (
  id            TEXT PRIMARY KEY,
  call_id       TEXT NOT NULL REFERENCES calls(id),
  identity      TEXT NOT NULL,
  name          TEXT NOT NULL,
  role          TEXT NOT NULL,
  scope         TEXT NOT NULL CHECK (scope IN ('call', 'coalition')),
  reason        TEXT NOT NULL,
  by_identity   TEXT NOT NULL,
  by_name       TEXT NOT NULL,
  created_at    BIGINT NOT NULL,
  expires_at    BIGINT,
  device        TEXT,
  network       INTEGER NOT NULL CHECK (network IN (0, 1)),
  ip_hash       TEXT,
  account_id    TEXT,
  invitation_id TEXT,
  evidence      TEXT NOT NULL,
  widened_at    BIGINT,
  widened_by    TEXT,
  lifted_at     BIGINT,
  lifted_by     TEXT
);
CREATE UNIQUE INDEX bans_live_per_call ON bans (call_id, identity) WHERE lifted_at IS NULL;
CREATE INDEX bans_live_device ON bans (device) WHERE lifted_at IS NULL;
CREATE INDEX bans_live_ip ON bans (ip_hash) WHERE lifted_at IS NULL;
CREATE INDEX bans_live_account ON bans (account_id) WHERE lifted_at IS NULL;
CREATE INDEX bans_created ON bans (created_at);

CREATE TABLE member_orgs (
  id         TEXT PRIMARY KEY,
  name       CITEXT NOT NULL UNIQUE,
  weight     INTEGER NOT NULL DEFAULT 1 CHECK (weight >= 1),
  created_at BIGINT NOT NULL
);

CREATE TABLE series (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE call_registration (
  call_id        TEXT PRIMARY KEY REFERENCES calls(id),
  access         TEXT NOT NULL DEFAULT 'open' CHECK (access IN ('open', 'members')),
  registration   INTEGER NOT NULL DEFAULT 1,
  capacity       INTEGER,
  reminders      TEXT NOT NULL DEFAULT '[1440,60]',
  questions      TEXT NOT NULL DEFAULT '[]',
  series_id      TEXT REFERENCES series(id) ON DELETE SET NULL
);
CREATE INDEX call_registration_series ON call_registration (series_id);

CREATE TABLE registrations (
  id            TEXT PRIMARY KEY,
  call_id       TEXT NOT NULL REFERENCES calls(id),
  series_id     TEXT REFERENCES series(id) ON DELETE SET NULL,
  name          TEXT NOT NULL,
  email         CITEXT NOT NULL,
  org_id        TEXT REFERENCES member_orgs(id) ON DELETE SET NULL,
  answers       TEXT NOT NULL DEFAULT '{}',
  status        TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'waitlisted', 'cancelled')),
  token_hash    TEXT NOT NULL UNIQUE,
  manage_hash   TEXT NOT NULL UNIQUE,
  link_version  INTEGER NOT NULL DEFAULT 1,
  device        TEXT,
  identity      TEXT,
  created_at    BIGINT NOT NULL,
  confirmed_at  BIGINT,
  cancelled_at  BIGINT
);
CREATE UNIQUE INDEX registrations_one_per_email ON registrations (call_id, email) WHERE status != 'cancelled';
CREATE INDEX registrations_series ON registrations (series_id);
CREATE INDEX registrations_email ON registrations (email);

CREATE TABLE mail_jobs (
  id              TEXT PRIMARY KEY,
  dedupe          TEXT NOT NULL UNIQUE,
  registration_id TEXT REFERENCES registrations(id) ON DELETE CASCADE,
  call_id         TEXT,
  kind            TEXT NOT NULL,
  to_address      TEXT NOT NULL,
  subject         TEXT NOT NULL,
  text_body       TEXT NOT NULL,
  html_body       TEXT NOT NULL,
  ics             TEXT,
  message_id      TEXT NOT NULL UNIQUE,
  status          TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'outbox', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  due_at          BIGINT NOT NULL,
  claimed_at      BIGINT,
  sent_at         BIGINT,
  last_error      TEXT,
  created_at      BIGINT NOT NULL
);
CREATE INDEX mail_jobs_due ON mail_jobs (status, due_at);
CREATE INDEX mail_jobs_call ON mail_jobs (call_id);
CREATE INDEX mail_jobs_registration ON mail_jobs (registration_id);

CREATE TABLE call_mailings (
  call_id TEXT NOT NULL,
  kind    TEXT NOT NULL,
  at      BIGINT NOT NULL,
  PRIMARY KEY (call_id, kind)
);

CREATE TABLE privacy_settings (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  retention_days  INTEGER NOT NULL DEFAULT 180 CHECK (retention_days >= 1),
  purged_through  BIGINT NOT NULL DEFAULT 0
);
INSERT INTO privacy_settings (id) VALUES (1);

CREATE TABLE call_epochs (
  call_id  TEXT PRIMARY KEY,
  epoch    BIGINT NOT NULL
);
