-- What the webhook watcher (decision 0016) last saw, to tell what changed since. Per survey: the versions it analysed
-- and each feature's category code and settled flag (JSON), so that the next analysis after writes can report a
-- category that moved, a feature that settled or unsettled, a survey that settled. Per link: that its becoming full or
-- expired was reported, once.
CREATE TABLE webhook_survey_states (
    survey_id    INTEGER PRIMARY KEY REFERENCES surveys (id) ON DELETE CASCADE,
    version      INTEGER NOT NULL,
    data_version INTEGER NOT NULL,
    -- {"<featureId>": {"key", "code", "settled"}, …} and "settled" for the survey; NULL until first analysed
    state        TEXT,
    updated_at   TEXT    NOT NULL
);

CREATE TABLE webhook_link_notices (
    link_id     INTEGER NOT NULL REFERENCES survey_links (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN ('full', 'expired')),
    noticed_at  TEXT    NOT NULL,
    PRIMARY KEY (link_id, kind)
);
