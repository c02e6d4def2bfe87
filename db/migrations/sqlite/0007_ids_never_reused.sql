-- kano: foreign-keys-off
-- (the runner turns foreign keys off for this script and checks them all before it commits: rebuilding a table
-- with foreign keys on would cascade its DROP to every child row; SQLite's documented way to change a table)
--
-- Survey, feature and key ids are never given out twice (AUTOINCREMENT): a deleted survey's id used to go to the
-- next survey, and a public form's collect key bound to the old id then posted into the new survey.
-- Deleting a survey revokes its bound keys in the database itself (a trigger), whatever path deletes it.
-- A feature's effort is bounded to 0.01-1,000,000 (the analysis library's range): out-of-range values, which only
-- older versions accepted, are brought to the nearest bound.

DROP TRIGGER respondents_count_insert;
DROP TRIGGER respondents_count_delete;

CREATE TABLE surveys_new (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace_id      INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name              TEXT    NOT NULL,
    description       TEXT,
    language          TEXT    NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'vi')),
    -- bumped by every change to the survey itself: its ETag
    version           INTEGER NOT NULL DEFAULT 1,
    -- bumped by every change to its features, wordings or responses: the analysis ETag
    data_version      INTEGER NOT NULL DEFAULT 1,
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL,
    respondent_count  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO surveys_new (id, workspace_id, name, description, language, version, data_version, created_at, updated_at, respondent_count)
SELECT id, workspace_id, name, description, language, version, data_version, created_at, updated_at, respondent_count FROM surveys;
DROP TABLE surveys;
ALTER TABLE surveys_new RENAME TO surveys;
CREATE INDEX ix_surveys_workspace ON surveys (workspace_id, id);

CREATE TABLE features_new (
    id                      INTEGER PRIMARY KEY AUTOINCREMENT,
    survey_id               INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    key                     TEXT    NOT NULL,
    name                    TEXT    NOT NULL,
    description             TEXT,
    functional_question     TEXT,
    dysfunctional_question  TEXT,
    effort                  REAL    CHECK (effort IS NULL OR effort BETWEEN 0.01 AND 1000000),
    version                 INTEGER NOT NULL DEFAULT 1,
    created_at              TEXT    NOT NULL,
    updated_at              TEXT    NOT NULL,
    UNIQUE (survey_id, key)
);
INSERT INTO features_new (id, survey_id, key, name, description, functional_question, dysfunctional_question, effort, version, created_at, updated_at)
SELECT id, survey_id, key, name, description, functional_question, dysfunctional_question,
       CASE WHEN effort IS NULL THEN NULL WHEN effort < 0.01 THEN 0.01 WHEN effort > 1000000 THEN 1000000 ELSE effort END,
       version, created_at, updated_at
FROM features;
DROP TABLE features;
ALTER TABLE features_new RENAME TO features;

CREATE TABLE api_keys_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name         TEXT,
    prefix       TEXT    NOT NULL,
    secret_hash  TEXT    NOT NULL,
    scope        TEXT    NOT NULL CHECK (scope IN ('admin', 'read', 'collect')),
    -- not a foreign key: a revoked key keeps naming the survey it was made for after that survey is gone
    survey_id    INTEGER,
    created_at   TEXT    NOT NULL,
    revoked_at   TEXT
);
INSERT INTO api_keys_new (id, workspace_id, name, prefix, secret_hash, scope, survey_id, created_at, revoked_at)
SELECT id, workspace_id, name, prefix, secret_hash, scope, survey_id, created_at, revoked_at FROM api_keys;
DROP TABLE api_keys;
ALTER TABLE api_keys_new RENAME TO api_keys;
CREATE INDEX ix_api_keys_prefix ON api_keys (prefix);
CREATE INDEX ix_api_keys_workspace ON api_keys (workspace_id);
CREATE INDEX ix_api_keys_survey ON api_keys (survey_id) WHERE survey_id IS NOT NULL;

-- A key bound to a survey that no longer exists (made in the race this migration closes) is revoked now.
UPDATE api_keys SET revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
WHERE survey_id IS NOT NULL AND revoked_at IS NULL AND NOT EXISTS (SELECT 1 FROM surveys s WHERE s.id = api_keys.survey_id);

CREATE TRIGGER surveys_revoke_keys AFTER DELETE ON surveys
BEGIN
    UPDATE api_keys SET revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE survey_id = OLD.id AND revoked_at IS NULL;
END;

CREATE TRIGGER respondents_count_insert AFTER INSERT ON respondents
BEGIN
    UPDATE surveys SET respondent_count = respondent_count + 1 WHERE id = NEW.survey_id;
END;

CREATE TRIGGER respondents_count_delete AFTER DELETE ON respondents
BEGIN
    UPDATE surveys SET respondent_count = respondent_count - 1 WHERE id = OLD.survey_id;
END;
