-- A survey's respondents in id order, for GET …/responses' pages (WHERE survey_id = ? AND id > ? ORDER BY id LIMIT ?).
-- Without it SQLite read every respondent of the survey from its (survey_id, respondent_key) index and sorted them by
-- id for each page: paging through 100k respondents sorted 100k rows a thousand times. An index on survey_id alone
-- holds the rowid after it, so it yields the survey's respondents in id order. PostgreSQL: (survey_id, id).
CREATE INDEX ix_respondents_survey ON respondents (survey_id);
