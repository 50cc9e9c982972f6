-- Public schedule: a call may be announced ahead with a start time, a description and its guest
-- speakers. A public call's participant invite is public by nature (it is printed on its page and
-- in calendar files), so it is kept in the clear; other invites stay hashed.
ALTER TABLE calls ADD COLUMN is_public INTEGER NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN starts_at INTEGER;          -- ms since epoch (UTC)
ALTER TABLE calls ADD COLUMN time_zone TEXT;             -- IANA name the organizer announced it in
ALTER TABLE calls ADD COLUMN duration_min INTEGER;
ALTER TABLE calls ADD COLUMN description TEXT;
ALTER TABLE calls ADD COLUMN speakers TEXT;              -- JSON [{name, bio}]
ALTER TABLE calls ADD COLUMN public_invite TEXT;
CREATE INDEX calls_public_by_start ON calls(is_public, starts_at);
