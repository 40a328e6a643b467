CREATE TABLE `centre_capacity` (
	`centre_id` text PRIMARY KEY NOT NULL,
	`places_free` integer NOT NULL,
	`ambulatory_open` integer NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text,
	FOREIGN KEY (`centre_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`referral_id` text NOT NULL,
	`kind` text NOT NULL,
	`status` text,
	`at` text NOT NULL,
	`read_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`referral_id`) REFERENCES `referrals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`read_at`,`at`);--> statement-breakpoint
CREATE TABLE `referral_events` (
	`id` text PRIMARY KEY NOT NULL,
	`referral_id` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`actor_user_id` text NOT NULL,
	`actor_organisation_id` text NOT NULL,
	`note` text,
	`reason` text,
	`at` text NOT NULL,
	FOREIGN KEY (`referral_id`) REFERENCES `referrals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `referral_events_referral_idx` ON `referral_events` (`referral_id`,`at`);--> statement-breakpoint
CREATE TABLE `referrals` (
	`id` text PRIMARY KEY NOT NULL,
	`checklist_id` text,
	`centre_id` text NOT NULL,
	`referring_organisation_id` text,
	`guardianship_organisation_id` text,
	`previous_referral_id` text,
	`source` text NOT NULL,
	`case_type` text NOT NULL,
	`status` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`idempotency_key` text NOT NULL,
	`minor` integer NOT NULL,
	`person_sex` text,
	`person_age` integer,
	`person_nationality` text,
	`forms` text DEFAULT '' NOT NULL,
	`choice_reason` text,
	`share_checklist` integer DEFAULT false NOT NULL,
	`packet` text DEFAULT '{}' NOT NULL,
	`created_by` text NOT NULL,
	`received_at` text NOT NULL,
	`year` integer NOT NULL,
	`first_action_at` text,
	`accepted_at` text,
	`ended_at` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`checklist_id`) REFERENCES `checklists`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`centre_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`referring_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`guardianship_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `referrals_idempotency_uq` ON `referrals` (`created_by`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `referrals_centre_idx` ON `referrals` (`centre_id`,`status`,`received_at`);--> statement-breakpoint
CREATE INDEX `referrals_referring_idx` ON `referrals` (`referring_organisation_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `referrals_guardianship_idx` ON `referrals` (`guardianship_organisation_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `referrals_checklist_idx` ON `referrals` (`checklist_id`);--> statement-breakpoint
CREATE INDEX `referrals_stats_idx` ON `referrals` (`year`,`centre_id`,`status`);