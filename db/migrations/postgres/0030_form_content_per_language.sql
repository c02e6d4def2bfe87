-- PostgreSQL form of sqlite/0030: a survey's public title per language, who asks, features per step of the form,
-- and a feature's Vietnamese name and description.
ALTER TABLE surveys ADD COLUMN title_en text;
ALTER TABLE surveys ADD COLUMN title_vi text;
ALTER TABLE surveys ADD COLUMN asked_by text;
ALTER TABLE surveys ADD COLUMN features_per_step integer NOT NULL DEFAULT 0 CHECK (features_per_step BETWEEN 0 AND 20);

ALTER TABLE features ADD COLUMN name_vi text;
ALTER TABLE features ADD COLUMN description_vi text;
