ALTER TABLE `checklists` ADD `reduced_at` text;--> statement-breakpoint
CREATE INDEX `checklists_retention_idx` ON `checklists` (`status`,`updated_at`);--> statement-breakpoint
CREATE INDEX `checklists_reduction_idx` ON `checklists` (`reduced_at`,`status`,`last_completed_at`);--> statement-breakpoint
ALTER TABLE `referrals` ADD `reduced_at` text;--> statement-breakpoint
CREATE INDEX `referrals_retention_idx` ON `referrals` (`reduced_at`,`ended_at`);