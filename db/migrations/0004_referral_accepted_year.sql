ALTER TABLE `referrals` ADD `accepted_year` integer;--> statement-breakpoint
CREATE INDEX `referrals_accepted_year_idx` ON `referrals` (`accepted_year`,`centre_id`);