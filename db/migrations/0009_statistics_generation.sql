CREATE TABLE `data_generations` (
	`name` text PRIMARY KEY NOT NULL,
	`n` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
INSERT INTO `data_generations` (`name`, `n`) VALUES ('statistics', 0);
--> statement-breakpoint
CREATE TRIGGER `statistics_counts_insert_statistics_generation` AFTER INSERT ON `statistics_counts` BEGIN UPDATE `data_generations` SET `n` = `n` + 1 WHERE `name` = 'statistics'; END;
--> statement-breakpoint
CREATE TRIGGER `statistics_counts_update_statistics_generation` AFTER UPDATE ON `statistics_counts` BEGIN UPDATE `data_generations` SET `n` = `n` + 1 WHERE `name` = 'statistics'; END;
--> statement-breakpoint
CREATE TRIGGER `statistics_counts_delete_statistics_generation` AFTER DELETE ON `statistics_counts` BEGIN UPDATE `data_generations` SET `n` = `n` + 1 WHERE `name` = 'statistics'; END;
--> statement-breakpoint
CREATE TRIGGER `referrals_insert_statistics_generation` AFTER INSERT ON `referrals` BEGIN UPDATE `data_generations` SET `n` = `n` + 1 WHERE `name` = 'statistics'; END;
--> statement-breakpoint
CREATE TRIGGER `referrals_update_statistics_generation` AFTER UPDATE ON `referrals` BEGIN UPDATE `data_generations` SET `n` = `n` + 1 WHERE `name` = 'statistics'; END;
--> statement-breakpoint
CREATE TRIGGER `referrals_delete_statistics_generation` AFTER DELETE ON `referrals` BEGIN UPDATE `data_generations` SET `n` = `n` + 1 WHERE `name` = 'statistics'; END;
--> statement-breakpoint
CREATE TRIGGER `organisations_insert_statistics_generation` AFTER INSERT ON `organisations` BEGIN UPDATE `data_generations` SET `n` = `n` + 1 WHERE `name` = 'statistics'; END;
--> statement-breakpoint
CREATE TRIGGER `organisations_update_statistics_generation` AFTER UPDATE ON `organisations` BEGIN UPDATE `data_generations` SET `n` = `n` + 1 WHERE `name` = 'statistics'; END;
--> statement-breakpoint
CREATE TRIGGER `organisations_delete_statistics_generation` AFTER DELETE ON `organisations` BEGIN UPDATE `data_generations` SET `n` = `n` + 1 WHERE `name` = 'statistics'; END;
--> statement-breakpoint
CREATE TRIGGER `settings_insert_statistics_generation` AFTER INSERT ON `settings` BEGIN UPDATE `data_generations` SET `n` = `n` + 1 WHERE `name` = 'statistics'; END;
--> statement-breakpoint
CREATE TRIGGER `settings_update_statistics_generation` AFTER UPDATE ON `settings` BEGIN UPDATE `data_generations` SET `n` = `n` + 1 WHERE `name` = 'statistics'; END;
--> statement-breakpoint
CREATE TRIGGER `settings_delete_statistics_generation` AFTER DELETE ON `settings` BEGIN UPDATE `data_generations` SET `n` = `n` + 1 WHERE `name` = 'statistics'; END;
