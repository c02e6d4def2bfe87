-- When a respondent answered (issue 19): the time a survey tool recorded for the response (Google Forms' Timestamp,
-- SurveyMonkey's End Date, Qualtrics' EndDate, …) read by an import's mapping, or answeredAt sent with a JSON
-- response. Unknown (NULL) for the responses stored before, and whenever nothing says it; created_at stays the time
-- KanoApi stored the row. ISO-8601 UTC text like created_at, so moments compare as text.
ALTER TABLE respondents ADD COLUMN answered_at TEXT;
