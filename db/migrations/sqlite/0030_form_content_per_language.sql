-- What the hosted form and GET …/questionnaire show respondents in their own language (decision 0026):
-- a public title per language, separate from the survey's internal name; who asks (named in the default intro);
-- how many features one step of the form shows (0: all on one page); and a feature's name and description in
-- Vietnamese (name and description serve English and every language without its own, as the questions do, 0013).
ALTER TABLE surveys ADD COLUMN title_en TEXT;
ALTER TABLE surveys ADD COLUMN title_vi TEXT;
ALTER TABLE surveys ADD COLUMN asked_by TEXT;
ALTER TABLE surveys ADD COLUMN features_per_step INTEGER NOT NULL DEFAULT 0 CHECK (features_per_step BETWEEN 0 AND 20);

ALTER TABLE features ADD COLUMN name_vi TEXT;
ALTER TABLE features ADD COLUMN description_vi TEXT;
