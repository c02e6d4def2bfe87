-- PostgreSQL form of sqlite/0029: the staff audience's hidden companion survey (surveys.staff_of), its features'
-- mirror of the customer survey's (features.mirror_of) and a form link's audience. Nullable columns without defaults
-- and a constant default rewrite no table.
ALTER TABLE surveys ADD COLUMN staff_of bigint REFERENCES surveys (id) ON DELETE CASCADE;
CREATE UNIQUE INDEX ux_surveys_staff_of ON surveys (staff_of) WHERE staff_of IS NOT NULL;
ALTER TABLE features ADD COLUMN mirror_of bigint REFERENCES features (id) ON DELETE CASCADE;
CREATE UNIQUE INDEX ux_features_mirror_of ON features (mirror_of) WHERE mirror_of IS NOT NULL;
ALTER TABLE survey_links ADD COLUMN audience text NOT NULL DEFAULT 'customers' CHECK (audience IN ('customers', 'staff'));
