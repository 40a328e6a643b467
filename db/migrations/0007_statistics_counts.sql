CREATE TABLE `statistics_counts` (
	`year` integer NOT NULL,
	`service` text NOT NULL,
	`dimension` text NOT NULL,
	`a` text NOT NULL,
	`b` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`year`, `dimension`, `service`, `a`, `b`)
);
--> statement-breakpoint
CREATE INDEX `statistics_counts_series_idx` ON `statistics_counts` (`dimension`,`service`,`year`,`n`);--> statement-breakpoint
DROP INDEX `checklist_indicators_stats_idx`;--> statement-breakpoint
DROP INDEX `checklists_stats_nationality_idx`;--> statement-breakpoint
DROP INDEX `checklists_stats_age_idx`;--> statement-breakpoint
DROP INDEX `checklists_stats_documents_idx`;--> statement-breakpoint
DROP INDEX `checklists_stats_in_care_idx`;--> statement-breakpoint
DROP INDEX `checklists_stats_id_idx`;--> statement-breakpoint
DROP INDEX `checklists_stats_idx`;--> statement-breakpoint
CREATE INDEX `checklists_stats_idx` ON `checklists` (`year`,`sufficient`,`service`,`version`);--> statement-breakpoint
ALTER TABLE `referrals` ADD `first_action_seconds` integer;--> statement-breakpoint
ALTER TABLE `referrals` ADD `accepted_seconds` integer;--> statement-breakpoint
CREATE INDEX `referrals_times_idx` ON `referrals` (`year`,`source`,`centre_id`,`first_action_seconds`,`accepted_seconds`);--> statement-breakpoint
UPDATE `referrals` SET `first_action_seconds` = CAST(ROUND((julianday(`first_action_at`) - julianday(`received_at`)) * 86400) AS INTEGER) WHERE `first_action_at` IS NOT NULL;--> statement-breakpoint
UPDATE `referrals` SET `accepted_seconds` = CAST(ROUND((julianday(`accepted_at`) - julianday(`received_at`)) * 86400) AS INTEGER) WHERE `accepted_at` IS NOT NULL;
