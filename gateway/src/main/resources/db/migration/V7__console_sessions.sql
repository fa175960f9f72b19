-- The web console's sign-ins: one row per session, keyed by the SHA-256 of the token the browser's
-- cookie holds (never the token), removed at sign-out or some time after expires_at. groups_text
-- holds an identity provider's groups, one per line; group_admin whether one of them made the user
-- an admin.
CREATE TABLE console_session (
  token_hash  VARCHAR(64)   NOT NULL,
  user_name   VARCHAR(128)  NOT NULL,
  groups_text VARCHAR(4000),
  group_admin INT           NOT NULL,
  created_at  BIGINT        NOT NULL,
  expires_at  BIGINT        NOT NULL,
  CONSTRAINT pk_console_session PRIMARY KEY (token_hash)
);

CREATE INDEX ix_console_session_expires ON console_session (expires_at);
