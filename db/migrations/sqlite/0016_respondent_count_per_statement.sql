-- Nothing to change on SQLite; the step exists so that both dialects carry the same migration names.
-- postgres/0016 replaces PostgreSQL's row-level respondent-count trigger by statement-level ones, because there each
-- UPDATE of the same survey row inside a transaction leaves a row version that the next must walk past (an import of
-- n respondents cost O(n²)). SQLite updates the row in place, so its row-level triggers of 0005 stay as they are.
SELECT 1;
