-- Nothing to change on PostgreSQL; the step exists so that both dialects carry the same migration names.
-- sqlite/0019 drops SQLite's row-level insert trigger and lets the write add the count once per transaction.
-- PostgreSQL's statement-level insert trigger (0016) already adds it once per statement, and taking the survey's row
-- at the first insert is what orders concurrent writers of one survey there, before any aggregate row is locked.
SELECT 1;
