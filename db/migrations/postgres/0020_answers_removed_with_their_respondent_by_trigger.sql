-- Nothing to change on PostgreSQL; the step exists so that both dialects carry the same migration names.
-- sqlite/0020 replaces the answers' foreign key to respondents by a delete trigger, because SQLite checked it for
-- every answer inserted. PostgreSQL keeps the foreign key: its import checks it set-based, and its JSON writes insert
-- a respondent's answers in the statement that inserts the respondent.
SELECT 1;
