-- Service quality (issue 21, docs/decisions/0023): a feature's SERVQUAL dimension (Parasuraman, Zeithaml & Berry
-- 1988), whether a survey asks SERVQUAL's expectation/perception pair, and each answer's pair on the 7-point scale
-- (1 = strongly disagree ... 7 = strongly agree). Gap 5 per answer is perception - expectation; it is computed when
-- analysed, from each respondent's own pair, so nothing derived is stored.
ALTER TABLE features ADD COLUMN dimension TEXT
    CHECK (dimension IN ('reliability', 'responsiveness', 'assurance', 'empathy', 'tangibles'));
ALTER TABLE surveys ADD COLUMN ask_service_quality INTEGER NOT NULL DEFAULT 0 CHECK (ask_service_quality IN (0, 1));
ALTER TABLE answers ADD COLUMN expectation INTEGER CHECK (expectation BETWEEN 1 AND 7);
ALTER TABLE answers ADD COLUMN perception INTEGER CHECK (perception BETWEEN 1 AND 7);
