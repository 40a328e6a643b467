-- The audit trail is append-only (docs/domain/access.md): the application has no verb that changes
-- or deletes an entry, and the database refuses it too. The hash chain (prev_hash, hash)
-- detects a change made by someone who drops these triggers first.
CREATE TRIGGER `audit_events_no_update` BEFORE UPDATE ON `audit_events`
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_events_no_delete` BEFORE DELETE ON `audit_events`
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only');
END;
