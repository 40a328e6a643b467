CREATE TABLE `persons_met_yearly` (
	`organisation_id` text NOT NULL,
	`year` integer NOT NULL,
	`count` integer NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "persons_met_yearly_count_ck" CHECK("persons_met_yearly"."count" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `persons_met_yearly_org_year_uq` ON `persons_met_yearly` (`organisation_id`,`year`);--> statement-breakpoint
ALTER TABLE `investigations` ADD `persons_met` integer;