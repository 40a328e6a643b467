ALTER TABLE `users` ADD `password_set_by` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `users` ADD `password_set_at` text;--> statement-breakpoint
ALTER TABLE `users` ADD `pending_confirmation` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `confirmed_by` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `users` ADD `confirmed_at` text;