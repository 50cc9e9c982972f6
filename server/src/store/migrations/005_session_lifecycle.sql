-- Sessions with a lifecycle (issue 12): a session remembers the link that minted it (so rotating
-- that link can revoke it), when it was last used (it expires after a long idle), and when it was
-- revoked. Sessions minted before this migration have no link on record: rotation leaves them.
ALTER TABLE sessions ADD COLUMN minted_by TEXT;      -- hash of the shared invite, or the personal invitation's id
ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER;
ALTER TABLE sessions ADD COLUMN revoked_at INTEGER;
CREATE INDEX sessions_by_link ON sessions(call_id, minted_by);
-- The device lookup gave a returning browser its identity back; sessions no longer do that.
DROP INDEX sessions_by_device;
