-- Saved import mappings (issue 19, decision 0019): how a survey tool's export becomes respondents, saved on the survey
-- under a name so the next wave's file from the same tool imports with the mapping reviewed for the first. The mapping
-- is the JSON the API takes (ImportMapping); it is read back whole, never queried inside.
CREATE TABLE import_mappings (
    id          INTEGER PRIMARY KEY,
    survey_id   INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    mapping     TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    UNIQUE (survey_id, name)
);
