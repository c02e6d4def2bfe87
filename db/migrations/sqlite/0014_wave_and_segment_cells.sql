-- Per-wave and per-segment-value answer aggregates: the same sufficient statistics as feature_cells, kept for each
-- wave and for each (segment name, value), so an analysis filtered by exactly one wave or one segment value, and the
-- wave comparison, read a few hundred rows instead of the chosen respondents' raw answers
-- (docs/decisions/0008-wave-and-segment-aggregates.md). Kept in the same transaction as the answers by every write
-- path (ResponseRecorder for JSON, batches, CSV imports and the demo; the response delete subtracts), and removed
-- with their feature by the foreign key.

CREATE TABLE wave_cells (
    feature_id                INTEGER NOT NULL REFERENCES features (id) ON DELETE CASCADE,
    wave                      TEXT    NOT NULL,
    functional                INTEGER NOT NULL CHECK (functional BETWEEN 1 AND 5),
    dysfunctional             INTEGER NOT NULL CHECK (dysfunctional BETWEEN 1 AND 5),
    answers                   INTEGER NOT NULL DEFAULT 0,
    importance_count          INTEGER NOT NULL DEFAULT 0,
    importance_sum            INTEGER NOT NULL DEFAULT 0,
    importance_sum_squares    INTEGER NOT NULL DEFAULT 0,
    satisfaction_count        INTEGER NOT NULL DEFAULT 0,
    satisfaction_sum          INTEGER NOT NULL DEFAULT 0,
    satisfaction_sum_squares  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (feature_id, wave, functional, dysfunctional)
) WITHOUT ROWID;

CREATE TABLE segment_cells (
    feature_id                INTEGER NOT NULL REFERENCES features (id) ON DELETE CASCADE,
    name                      TEXT    NOT NULL,
    value                     TEXT    NOT NULL,
    functional                INTEGER NOT NULL CHECK (functional BETWEEN 1 AND 5),
    dysfunctional             INTEGER NOT NULL CHECK (dysfunctional BETWEEN 1 AND 5),
    answers                   INTEGER NOT NULL DEFAULT 0,
    importance_count          INTEGER NOT NULL DEFAULT 0,
    importance_sum            INTEGER NOT NULL DEFAULT 0,
    importance_sum_squares    INTEGER NOT NULL DEFAULT 0,
    satisfaction_count        INTEGER NOT NULL DEFAULT 0,
    satisfaction_sum          INTEGER NOT NULL DEFAULT 0,
    satisfaction_sum_squares  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (feature_id, name, value, functional, dysfunctional)
) WITHOUT ROWID;

-- Back-fill from the answers already stored.
INSERT INTO wave_cells (feature_id, wave, functional, dysfunctional, answers,
    importance_count, importance_sum, importance_sum_squares, satisfaction_count, satisfaction_sum, satisfaction_sum_squares)
SELECT a.feature_id, r.wave, a.functional, a.dysfunctional, count(*),
       count(a.importance), coalesce(sum(a.importance), 0), coalesce(sum(a.importance * a.importance), 0),
       count(a.satisfaction), coalesce(sum(a.satisfaction), 0), coalesce(sum(a.satisfaction * a.satisfaction), 0)
FROM answers a JOIN respondents r ON r.id = a.respondent_id
WHERE r.wave IS NOT NULL
GROUP BY a.feature_id, r.wave, a.functional, a.dysfunctional;

INSERT INTO segment_cells (feature_id, name, value, functional, dysfunctional, answers,
    importance_count, importance_sum, importance_sum_squares, satisfaction_count, satisfaction_sum, satisfaction_sum_squares)
SELECT a.feature_id, s.name, s.value, a.functional, a.dysfunctional, count(*),
       count(a.importance), coalesce(sum(a.importance), 0), coalesce(sum(a.importance * a.importance), 0),
       count(a.satisfaction), coalesce(sum(a.satisfaction), 0), coalesce(sum(a.satisfaction * a.satisfaction), 0)
FROM answers a JOIN respondent_segments s ON s.respondent_id = a.respondent_id
GROUP BY a.feature_id, s.name, s.value, a.functional, a.dysfunctional;
