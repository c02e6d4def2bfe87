-- PostgreSQL form of sqlite/0007. Identity columns never give an id out twice already (SQLite needed AUTOINCREMENT
-- and a table rebuild for that), so this step only bounds a feature's effort to 0.01-1,000,000 and makes deleting a
-- survey revoke its bound keys in the database itself, whatever path deletes it.
UPDATE features SET effort = CASE WHEN effort < 0.01 THEN 0.01 WHEN effort > 1000000 THEN 1000000 ELSE effort END
WHERE effort IS NOT NULL AND (effort < 0.01 OR effort > 1000000);
ALTER TABLE features DROP CONSTRAINT features_effort_check;
ALTER TABLE features ADD CONSTRAINT features_effort_check CHECK (effort IS NULL OR effort BETWEEN 0.01 AND 1000000);

CREATE INDEX ix_api_keys_survey ON api_keys (survey_id) WHERE survey_id IS NOT NULL;

UPDATE api_keys SET revoked_at = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
WHERE survey_id IS NOT NULL AND revoked_at IS NULL AND NOT EXISTS (SELECT 1 FROM surveys s WHERE s.id = api_keys.survey_id);

CREATE FUNCTION surveys_revoke_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE api_keys SET revoked_at = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
    WHERE survey_id = OLD.id AND revoked_at IS NULL;
    RETURN OLD;
END;
$$;

CREATE TRIGGER surveys_revoke_keys AFTER DELETE ON surveys
    FOR EACH ROW EXECUTE FUNCTION surveys_revoke_keys();
