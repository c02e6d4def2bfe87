-- PostgreSQL form of sqlite/0027: when a respondent answered, as a survey tool's export or a JSON response says it
-- (ISO-8601 UTC text like created_at, compared bytewise); NULL when unknown.
ALTER TABLE respondents ADD COLUMN answered_at text COLLATE "C";
