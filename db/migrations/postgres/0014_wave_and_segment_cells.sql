-- PostgreSQL form of sqlite/0014: per-wave and per-segment-value answer aggregates, the same sufficient statistics
-- as feature_cells, kept by every write path in the answers' transaction (upserts: concurrent writers add up).
CREATE TABLE wave_cells (
    feature_id                bigint NOT NULL REFERENCES features (id) ON DELETE CASCADE,
    wave                      text   NOT NULL,
    functional                bigint NOT NULL CHECK (functional BETWEEN 1 AND 5),
    dysfunctional             bigint NOT NULL CHECK (dysfunctional BETWEEN 1 AND 5),
    answers                   bigint NOT NULL DEFAULT 0,
    importance_count          bigint NOT NULL DEFAULT 0,
    importance_sum            bigint NOT NULL DEFAULT 0,
    importance_sum_squares    bigint NOT NULL DEFAULT 0,
    satisfaction_count        bigint NOT NULL DEFAULT 0,
    satisfaction_sum          bigint NOT NULL DEFAULT 0,
    satisfaction_sum_squares  bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (feature_id, wave, functional, dysfunctional)
);

CREATE TABLE segment_cells (
    feature_id                bigint NOT NULL REFERENCES features (id) ON DELETE CASCADE,
    name                      text   NOT NULL,
    value                     text   NOT NULL,
    functional                bigint NOT NULL CHECK (functional BETWEEN 1 AND 5),
    dysfunctional             bigint NOT NULL CHECK (dysfunctional BETWEEN 1 AND 5),
    answers                   bigint NOT NULL DEFAULT 0,
    importance_count          bigint NOT NULL DEFAULT 0,
    importance_sum            bigint NOT NULL DEFAULT 0,
    importance_sum_squares    bigint NOT NULL DEFAULT 0,
    satisfaction_count        bigint NOT NULL DEFAULT 0,
    satisfaction_sum          bigint NOT NULL DEFAULT 0,
    satisfaction_sum_squares  bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (feature_id, name, value, functional, dysfunctional)
);

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
