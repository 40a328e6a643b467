DROP INDEX `checklist_indicators_stats_idx`;--> statement-breakpoint
CREATE INDEX `checklist_indicators_stats_idx` ON `checklist_indicators` (`year`,`sufficient`,`code`,`service`);--> statement-breakpoint
DROP INDEX `checklists_stats_idx`;--> statement-breakpoint
CREATE INDEX `checklists_stats_nationality_idx` ON `checklists` (`year`,`sufficient`,`nationality`,`sex`,`eu_national`,`service`,`version`);--> statement-breakpoint
CREATE INDEX `checklists_stats_age_idx` ON `checklists` (`year`,`sufficient`,`age`,`minor`,`sex`,`service`,`version`);--> statement-breakpoint
CREATE INDEX `checklists_stats_documents_idx` ON `checklists` (`year`,`sufficient`,`residence`,`identity_documents`,`service`,`version`);--> statement-breakpoint
CREATE INDEX `checklists_stats_in_care_idx` ON `checklists` (`wish`,`sufficient`,`year`,`region`,`sex`,`service`,`version`);--> statement-breakpoint
CREATE INDEX `checklists_stats_id_idx` ON `checklists` (`id`,`year`,`sufficient`,`version`,`service`,`wish`,`region`,`sex`);--> statement-breakpoint
CREATE INDEX `checklists_stats_idx` ON `checklists` (`year`,`sufficient`,`region`,`sector`,`service`,`version`);--> statement-breakpoint
DROP INDEX `referrals_checklist_idx`;--> statement-breakpoint
DROP INDEX `referrals_stats_idx`;--> statement-breakpoint
DROP INDEX `referrals_accepted_year_idx`;--> statement-breakpoint
CREATE INDEX `referrals_checklist_idx` ON `referrals` (`checklist_id`,`accepted_at`,`first_action_at`,`status`);--> statement-breakpoint
CREATE INDEX `referrals_stats_idx` ON `referrals` (`year`,`centre_id`,`status`,`referring_organisation_id`,`source`,`accepted_at`,`received_at`,`first_action_at`);--> statement-breakpoint
CREATE INDEX `referrals_accepted_year_idx` ON `referrals` (`accepted_year`,`centre_id`,`minor`,`person_sex`,`case_type`,`forms`,`person_nationality`);