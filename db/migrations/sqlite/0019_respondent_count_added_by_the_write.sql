-- A survey's respondent count is added by the write that stores respondents, once per transaction, with the data
-- version it bumps anyway (ResponseRecorder.Finish), instead of by 0005's row-level trigger: an UPDATE of the survey's
-- row for every respondent cost an import of 100k respondents a few per cent of its time. Every INSERT into
-- respondents goes through the recorder. Deleting still counts down by trigger (an erasure, a survey's cascade).
-- PostgreSQL keeps its statement-level insert trigger (postgres/0016): taking the survey's row at the first insert is
-- also what orders concurrent writers of one survey there.
DROP TRIGGER respondents_count_insert;
