-- ix_answers_feature served one purpose once the per-wave and per-segment-value aggregates existed: finding a
-- deleted feature's answers for the foreign key's cascade (no query reads answers by feature; every read and
-- delete goes by respondent, the primary key's prefix). It cost every stored answer a second B-tree insert
-- (+45-60% on the insert of the answers alone). So answers lose the foreign key to features and that index;
-- deleting a feature deletes its answers explicitly, respondent by respondent through the primary key
-- (FeaturesApi.DeleteFeature), and an answer can still never name a missing feature: every write path upserts the
-- feature's aggregates in the same transaction, and those keep their foreign key (docs/decisions/0008).
CREATE TABLE answers_keyed (
    respondent_id  INTEGER NOT NULL REFERENCES respondents (id) ON DELETE CASCADE,
    feature_id     INTEGER NOT NULL,
    functional     INTEGER NOT NULL CHECK (functional BETWEEN 1 AND 5),
    dysfunctional  INTEGER NOT NULL CHECK (dysfunctional BETWEEN 1 AND 5),
    importance     INTEGER CHECK (importance BETWEEN 1 AND 9),
    satisfaction   INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
    PRIMARY KEY (respondent_id, feature_id)
) WITHOUT ROWID;

INSERT INTO answers_keyed (respondent_id, feature_id, functional, dysfunctional, importance, satisfaction)
SELECT respondent_id, feature_id, functional, dysfunctional, importance, satisfaction FROM answers;

DROP TABLE answers;
ALTER TABLE answers_keyed RENAME TO answers;
