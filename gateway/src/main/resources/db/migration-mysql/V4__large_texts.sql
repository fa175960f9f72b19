-- MySQL's and MariaDB's TEXT holds 64 KiB; a request up to api.maxRequestBodySize (at most 4 MiB)
-- and the spec built from it need more. MEDIUMTEXT holds 16 MiB. H2's and PostgreSQL's TEXT have
-- no such limit, so this migration runs on MySQL and MariaDB only (either JDBC driver; see
-- Database.migrationLocations). The next migration common to every database is V5.
ALTER TABLE submission
  MODIFY request_json MEDIUMTEXT NOT NULL,
  MODIFY spec_json MEDIUMTEXT NOT NULL,
  MODIFY arguments_json MEDIUMTEXT,
  MODIFY error_message MEDIUMTEXT;
ALTER TABLE submission_transition MODIFY message MEDIUMTEXT;
ALTER TABLE submission_attempt MODIFY message MEDIUMTEXT;
