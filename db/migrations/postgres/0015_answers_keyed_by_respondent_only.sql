-- PostgreSQL form of sqlite/0015: answers lose their foreign key to features and ix_answers_feature (no query reads
-- answers by feature; deleting a feature deletes its answers explicitly). PostgreSQL drops a constraint in place;
-- SQLite had to rebuild the table.
ALTER TABLE answers DROP CONSTRAINT answers_feature_id_fkey;
DROP INDEX ix_answers_feature;
