-- kano: foreign-keys-off
-- (the runner turns foreign keys off for this script and checks them all before it commits)
-- An answer's respondent is no longer checked by a foreign key on every insert: SQLite looked the respondent up for
-- each answer stored, 10-15% of the cost of inserting an answer (5M of them in the benchmark's import). Every write
-- path inserts a respondent's answers right after the respondent, in the same transaction and with the id it was
-- just given (ResponseRows, ResponseCopy, ResponseStatement), so the check could never fail. What the foreign key also
-- did, removing a respondent's answers with it (an erasure, or a survey's or workspace's respondents removed by their
-- own cascades), a trigger does now. PostgreSQL keeps its foreign key (its import checks it set-based, once per COPY)
-- and carries this name as a no-op.
CREATE TABLE answers_unchecked (
    respondent_id  INTEGER NOT NULL,
    feature_id     INTEGER NOT NULL,
    functional     INTEGER NOT NULL CHECK (functional BETWEEN 1 AND 5),
    dysfunctional  INTEGER NOT NULL CHECK (dysfunctional BETWEEN 1 AND 5),
    importance     INTEGER CHECK (importance BETWEEN 1 AND 9),
    satisfaction   INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
    PRIMARY KEY (respondent_id, feature_id)
) WITHOUT ROWID;

INSERT INTO answers_unchecked (respondent_id, feature_id, functional, dysfunctional, importance, satisfaction)
SELECT respondent_id, feature_id, functional, dysfunctional, importance, satisfaction FROM answers;

DROP TABLE answers;
ALTER TABLE answers_unchecked RENAME TO answers;

CREATE TRIGGER respondents_delete_answers AFTER DELETE ON respondents
BEGIN
    DELETE FROM answers WHERE respondent_id = OLD.id;
END;
