CREATE TABLE `checklist_submissions` (
	`organisation_id` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`client_id` text NOT NULL,
	`checklist_id` text NOT NULL,
	`created_by` text NOT NULL,
	`content_digest` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`checklist_id`) REFERENCES `checklists`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checklist_submissions_key_uq` ON `checklist_submissions` (`organisation_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `checklist_submissions_checklist_idx` ON `checklist_submissions` (`checklist_id`);