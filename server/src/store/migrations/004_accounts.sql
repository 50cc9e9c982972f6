-- One coalition per instance: the people who run calls have accounts; power comes from a person.
-- Every secret (session, setup and invitation links, API tokens) is stored only as a SHA-256 hash.
CREATE TABLE accounts (
  id               TEXT PRIMARY KEY,
  name             TEXT NOT NULL,
  -- The sign-in handle; compared case-insensitively.
  email            TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role             TEXT NOT NULL CHECK (role IN ('owner', 'organizer', 'moderator')),
  -- argon2id (PHC string); null when the account signs in with passkeys only.
  password_hash    TEXT,
  -- The WebAuthn user handle (random, never the account id or the email).
  webauthn_user_id TEXT NOT NULL UNIQUE,
  created_at       INTEGER NOT NULL
);

CREATE TABLE passkeys (
  id           TEXT PRIMARY KEY,                -- credential id, base64url
  account_id   TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  public_key   BLOB NOT NULL,
  counter      INTEGER NOT NULL,
  transports   TEXT NOT NULL DEFAULT '[]',
  name         TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  last_used_at INTEGER
);
CREATE INDEX passkeys_account ON passkeys (account_id);

-- Browser sign-ins. `id` is public (the account page lists and revokes sessions by it).
CREATE TABLE account_sessions (
  token_hash   TEXT PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  account_id   TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  csrf_token   TEXT NOT NULL,
  user_agent   TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL                  -- absolute expiry; idle expiry from last_seen_at
);
CREATE INDEX account_sessions_account ON account_sessions (account_id);

-- The one-time setup link (kind 'setup', creates the owner) and invitations into the coalition.
CREATE TABLE account_invitations (
  id         TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  kind       TEXT NOT NULL CHECK (kind IN ('setup', 'member')),
  role       TEXT NOT NULL CHECK (role IN ('owner', 'organizer', 'moderator')),
  name       TEXT NOT NULL,
  created_by TEXT REFERENCES accounts(id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER,
  revoked_at INTEGER
);

CREATE TABLE api_tokens (
  id           TEXT PRIMARY KEY,
  token_hash   TEXT NOT NULL UNIQUE,
  account_id   TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  last_used_at INTEGER
);
CREATE INDEX api_tokens_account ON api_tokens (account_id);

-- Calls made from now on belong to the coalition and have no shared host, moderator or speaker
-- link; calls made before keep theirs (shared_links = 1) until they end.
ALTER TABLE calls ADD COLUMN shared_links INTEGER NOT NULL DEFAULT 1;
ALTER TABLE calls ADD COLUMN created_by TEXT;
-- The participant link in the clear for the console's "copy link" (it admits to the audience only).
ALTER TABLE calls ADD COLUMN participant_invite TEXT;

-- Personal invitations to one call: one named person, one browser (bound at the first successful
-- join), re-sendable (a new token, the old link stops working) and revocable one by one.
CREATE TABLE call_invitations (
  id          TEXT PRIMARY KEY,
  call_id     TEXT NOT NULL REFERENCES calls(id),
  role        TEXT NOT NULL CHECK (role IN ('host', 'moderator', 'speaker')),
  name        TEXT NOT NULL,
  token_hash  TEXT NOT NULL UNIQUE,
  -- A coalition account assigned directly (it joins signed in, no link needed); null for a guest.
  account_id  TEXT REFERENCES accounts(id) ON DELETE CASCADE,
  device      TEXT,
  identity    TEXT,
  created_by  TEXT,
  created_at  INTEGER NOT NULL,
  sent_at     INTEGER NOT NULL,
  revoked_at  INTEGER
);
CREATE INDEX call_invitations_call ON call_invitations (call_id);
