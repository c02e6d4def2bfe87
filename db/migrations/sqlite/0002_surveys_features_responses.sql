-- Surveys, their features and the respondents' paired answers, plus per-feature aggregates
-- (the sufficient statistics of the analysis) kept in step with the raw answers.
-- Integer keys, ISO-8601 text timestamps and integer sums: portable to PostgreSQL as written.

CREATE TABLE surveys (
    id            INTEGER PRIMARY KEY,
    workspace_id  INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name          TEXT    NOT NULL,
    description   TEXT,
    language      TEXT    NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'vi')),
    -- bumped by every change to the survey itself: its ETag
    version       INTEGER NOT NULL DEFAULT 1,
    -- bumped by every change to its features, wordings or responses: the analysis ETag
    data_version  INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
);
CREATE INDEX ix_surveys_workspace ON surveys (workspace_id, id);

CREATE TABLE features (
    id                      INTEGER PRIMARY KEY,
    survey_id               INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    key                     TEXT    NOT NULL,
    name                    TEXT    NOT NULL,
    description             TEXT,
    functional_question     TEXT,
    dysfunctional_question  TEXT,
    effort                  REAL    CHECK (effort IS NULL OR effort > 0),
    version                 INTEGER NOT NULL DEFAULT 1,
    created_at              TEXT    NOT NULL,
    updated_at              TEXT    NOT NULL,
    UNIQUE (survey_id, key)
);

-- Extra answer wordings a survey's imports accept, on top of the built-in sets (answer = position 1-5).
CREATE TABLE survey_wordings (
    survey_id  INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    answer     INTEGER NOT NULL CHECK (answer BETWEEN 1 AND 5),
    wording    TEXT    NOT NULL,
    PRIMARY KEY (survey_id, answer, wording)
) WITHOUT ROWID;

CREATE TABLE respondents (
    id              INTEGER PRIMARY KEY,
    survey_id       INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    respondent_key  TEXT    NOT NULL,
    wave            TEXT,
    -- the segments object as sent, for listing; filtering uses respondent_segments
    segments        TEXT,
    created_at      TEXT    NOT NULL,
    UNIQUE (survey_id, respondent_key)
);
CREATE INDEX ix_respondents_wave ON respondents (survey_id, wave, id);

CREATE TABLE respondent_segments (
    respondent_id  INTEGER NOT NULL REFERENCES respondents (id) ON DELETE CASCADE,
    survey_id      INTEGER NOT NULL,
    name           TEXT    NOT NULL,
    value          TEXT    NOT NULL,
    PRIMARY KEY (respondent_id, name)
) WITHOUT ROWID;
CREATE INDEX ix_respondent_segments_value ON respondent_segments (survey_id, name, value, respondent_id);

-- One row per respondent and feature; positions 1-5 (like, must-be, neutral, live-with, dislike).
CREATE TABLE answers (
    respondent_id  INTEGER NOT NULL REFERENCES respondents (id) ON DELETE CASCADE,
    feature_id     INTEGER NOT NULL REFERENCES features (id) ON DELETE CASCADE,
    functional     INTEGER NOT NULL CHECK (functional BETWEEN 1 AND 5),
    dysfunctional  INTEGER NOT NULL CHECK (dysfunctional BETWEEN 1 AND 5),
    importance     INTEGER CHECK (importance BETWEEN 1 AND 9),
    satisfaction   INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
    PRIMARY KEY (respondent_id, feature_id)
) WITHOUT ROWID;
CREATE INDEX ix_answers_feature ON answers (feature_id);

-- The sufficient statistics of every analysis: per feature, per (functional, dysfunctional) cell,
-- the number of answers and the sums of importance, satisfaction and their squares.
-- Updated in the same transaction as the answers they summarise.
CREATE TABLE feature_cells (
    feature_id                INTEGER NOT NULL REFERENCES features (id) ON DELETE CASCADE,
    functional                INTEGER NOT NULL CHECK (functional BETWEEN 1 AND 5),
    dysfunctional             INTEGER NOT NULL CHECK (dysfunctional BETWEEN 1 AND 5),
    answers                   INTEGER NOT NULL DEFAULT 0,
    importance_count          INTEGER NOT NULL DEFAULT 0,
    importance_sum            INTEGER NOT NULL DEFAULT 0,
    importance_sum_squares    INTEGER NOT NULL DEFAULT 0,
    satisfaction_count        INTEGER NOT NULL DEFAULT 0,
    satisfaction_sum          INTEGER NOT NULL DEFAULT 0,
    satisfaction_sum_squares  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (feature_id, functional, dysfunctional)
) WITHOUT ROWID;

-- Idempotency-Key records, scoped by workspace so they survive a restart and never cross tenants.
CREATE TABLE idempotency_requests (
    workspace_id     INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    idempotency_key  TEXT    NOT NULL,
    request_hash     TEXT    NOT NULL,
    state            TEXT    NOT NULL CHECK (state IN ('running', 'done')),
    status_code      INTEGER,
    response_body    TEXT,
    location         TEXT,
    created_at       TEXT    NOT NULL,
    PRIMARY KEY (workspace_id, idempotency_key)
) WITHOUT ROWID;
