-- PostgreSQL form of sqlite/0018: a survey's respondents in id order, for GET …/responses' pages, instead of every
-- respondent of the survey sorted by id for each page. SQLite's index on survey_id alone carries the rowid after it;
-- PostgreSQL names the id.
CREATE INDEX ix_respondents_survey ON respondents (survey_id, id);
