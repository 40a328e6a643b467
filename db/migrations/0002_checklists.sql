CREATE TABLE `checklist_indicators` (
	`checklist_id` text NOT NULL,
	`code` text NOT NULL,
	`year` integer NOT NULL,
	`sufficient` integer NOT NULL,
	`service` text NOT NULL,
	FOREIGN KEY (`checklist_id`) REFERENCES `checklists`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checklist_indicators_uq` ON `checklist_indicators` (`checklist_id`,`code`);--> statement-breakpoint
CREATE INDEX `checklist_indicators_stats_idx` ON `checklist_indicators` (`year`,`sufficient`,`service`,`code`);--> statement-breakpoint
CREATE TABLE `checklist_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`checklist_id` text NOT NULL,
	`version` integer NOT NULL,
	`catalogue_version` text NOT NULL,
	`answers` text NOT NULL,
	`reason` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`checklist_id`) REFERENCES `checklists`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checklist_versions_uq` ON `checklist_versions` (`checklist_id`,`version`);--> statement-breakpoint
CREATE TABLE `checklists` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`created_by` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`investigation_id` text,
	`catalogue_version` text NOT NULL,
	`status` text NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`revision` integer DEFAULT 0 NOT NULL,
	`answers` text DEFAULT '{}' NOT NULL,
	`imported` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`first_completed_at` text,
	`last_completed_at` text,
	`year` integer,
	`reference` text,
	`control_date` text,
	`service` text,
	`region` text,
	`sex` text,
	`age` integer,
	`minor` integer,
	`nationality` text,
	`eu_national` integer,
	`sector` text,
	`form_sexual` integer,
	`form_economic` integer,
	`form_begging` integer,
	`form_forced_crime` integer,
	`form_organs` integer,
	`form_smuggling` integer,
	`residence` text,
	`identity_documents` text,
	`sufficient` integer,
	`wish` text,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`investigation_id`) REFERENCES `investigations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "checklists_status_ck" CHECK(status in ('draft', 'completed', 'correcting'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checklists_idempotency_uq` ON `checklists` (`organisation_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `checklists_org_updated_idx` ON `checklists` (`organisation_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `checklists_org_status_idx` ON `checklists` (`organisation_id`,`status`,`updated_at`);--> statement-breakpoint
CREATE INDEX `checklists_investigation_idx` ON `checklists` (`investigation_id`);--> statement-breakpoint
CREATE INDEX `checklists_stats_idx` ON `checklists` (`year`,`sufficient`,`service`,`region`);--> statement-breakpoint
CREATE TABLE `investigations` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`reference` text NOT NULL,
	`employer` text,
	`sector` text,
	`region` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `investigations_org_reference_uq` ON `investigations` (`organisation_id`,`reference`);--> statement-breakpoint
ALTER TABLE `organisations` ADD `service` text;