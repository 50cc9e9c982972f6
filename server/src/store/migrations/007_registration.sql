-- Registration, reminders and attendance (issue 13). Member organizations are the coalition's
-- list (a person says which one they come with); a series groups calls (registering once can
-- cover all of them); each call may take registrations, with a capacity and a waitlist.
CREATE TABLE member_orgs (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  -- For weighted votes (issue 14): how much this organization's delegate's vote counts.
  weight     INTEGER NOT NULL DEFAULT 1 CHECK (weight >= 1),
  created_at INTEGER NOT NULL
);

CREATE TABLE series (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

-- Per call: who may join ('open': the public link works too; 'members': only personal links),
-- whether people may register, how many (null = no limit), which reminders (minutes before the
-- start), the organizer's extra questions, and the series the call belongs to.
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

-- One person's registration for one call, or (series_id set) for every call of a series. The join
-- link token is never stored: it is an HMAC of (id, link_version) under the server's secret, so
-- reminders can carry it; only its hash is kept for the lookup. Resending bumps link_version.
CREATE TABLE registrations (
  id            TEXT PRIMARY KEY,
  call_id       TEXT NOT NULL REFERENCES calls(id),
  series_id     TEXT REFERENCES series(id) ON DELETE SET NULL,
  name          TEXT NOT NULL,
  email         TEXT NOT NULL COLLATE NOCASE,
  org_id        TEXT REFERENCES member_orgs(id) ON DELETE SET NULL,
  answers       TEXT NOT NULL DEFAULT '{}',
  status        TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'waitlisted', 'cancelled')),
  token_hash    TEXT NOT NULL UNIQUE,
  manage_hash   TEXT NOT NULL UNIQUE,
  link_version  INTEGER NOT NULL DEFAULT 1,
  device        TEXT,
  identity      TEXT,
  created_at    INTEGER NOT NULL,
  confirmed_at  INTEGER,
  cancelled_at  INTEGER
);
-- One live registration per email per call (a cancelled one may be followed by a new one).
CREATE UNIQUE INDEX registrations_one_per_email ON registrations (call_id, email) WHERE status != 'cancelled';
CREATE INDEX registrations_series ON registrations (series_id);

-- The durable mail queue and the outbox in one: every mail is a row, rendered when it is queued.
-- `dedupe` makes queueing idempotent (one reminder of a kind per registration and start time).
-- status: queued -> sending (claimed) -> sent | outbox (no SMTP configured) | failed (gave up).
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
  due_at          INTEGER NOT NULL,
  claimed_at      INTEGER,
  sent_at         INTEGER,
  last_error      TEXT,
  created_at      INTEGER NOT NULL
);
CREATE INDEX mail_jobs_due ON mail_jobs (status, due_at);
CREATE INDEX mail_jobs_call ON mail_jobs (call_id);

-- Which call-wide mailings have been fanned out (the "we are live" and follow-up mails), so a
-- restart does not queue them again.
CREATE TABLE call_mailings (
  call_id TEXT NOT NULL,
  kind    TEXT NOT NULL,
  at      INTEGER NOT NULL,
  PRIMARY KEY (call_id, kind)
);

-- Privacy: how long personal data of past calls is kept (days); one row.
CREATE TABLE privacy_settings (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  retention_days  INTEGER NOT NULL DEFAULT 180 CHECK (retention_days >= 1),
  purged_through  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO privacy_settings (id) VALUES (1);

-- Sessions minted through a registration's link carry its organization as it was at the join
-- (JSON {id, name, weight}; votes weigh by it) and that the person registered.
ALTER TABLE sessions ADD COLUMN org TEXT;
ALTER TABLE sessions ADD COLUMN registered INTEGER NOT NULL DEFAULT 0;
