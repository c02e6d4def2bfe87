-- PostgreSQL form of sqlite/0028: a feature's SERVQUAL dimension, whether a survey asks the expectation/perception
-- pair, and each answer's pair on the 7-point scale. Adding nullable columns without defaults rewrites no table.
ALTER TABLE features ADD COLUMN dimension text
    CHECK (dimension IN ('reliability', 'responsiveness', 'assurance', 'empathy', 'tangibles'));
ALTER TABLE surveys ADD COLUMN ask_service_quality boolean NOT NULL DEFAULT false;
ALTER TABLE answers ADD COLUMN expectation bigint CHECK (expectation BETWEEN 1 AND 7);
ALTER TABLE answers ADD COLUMN perception bigint CHECK (perception BETWEEN 1 AND 7);
