-- When each referral event happened, beside when it was registered (decision 0019). SQLite adds
-- a NOT NULL column only with a default: the '' is never kept, every existing event is dated
-- by its registration, and every insert gives the moment.
ALTER TABLE `referral_events` ADD `occurred_at` text NOT NULL DEFAULT '';--> statement-breakpoint
UPDATE `referral_events` SET `occurred_at` = `at` WHERE `occurred_at` = '';--> statement-breakpoint
ALTER TABLE `referral_events` ADD `late_reason` text;
