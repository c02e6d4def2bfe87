-- PostgreSQL form of sqlite/0005: each survey's respondent count, kept by a trigger in the transaction that inserts
-- or deletes a respondent. The update takes the survey row's lock, so concurrent writers on any instance add up.
ALTER TABLE surveys ADD COLUMN respondent_count bigint NOT NULL DEFAULT 0;

UPDATE surveys SET respondent_count = (SELECT count(*) FROM respondents r WHERE r.survey_id = surveys.id);

CREATE FUNCTION respondents_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE surveys SET respondent_count = respondent_count + 1 WHERE id = NEW.survey_id;
        RETURN NEW;
    END IF;
    UPDATE surveys SET respondent_count = respondent_count - 1 WHERE id = OLD.survey_id;
    RETURN OLD;
END;
$$;

CREATE TRIGGER respondents_count_insert AFTER INSERT ON respondents
    FOR EACH ROW EXECUTE FUNCTION respondents_count();

CREATE TRIGGER respondents_count_delete AFTER DELETE ON respondents
    FOR EACH ROW EXECUTE FUNCTION respondents_count();
