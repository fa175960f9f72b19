-- The logs of ended pods copied to the object store: one row per pod, claimed by the replica that
-- copies it (until claimed_until; another replica may take over once that has passed), then
-- ARCHIVED under object_key, LOST with the reason in detail, or DELETED after the retention.
CREATE TABLE log_archive (
  submission_id VARCHAR(128)  NOT NULL,
  pod_name      VARCHAR(253)  NOT NULL,
  state         VARCHAR(16)   NOT NULL,
  claimed_by    VARCHAR(64)   NOT NULL,
  claimed_until BIGINT        NOT NULL,
  object_key    VARCHAR(1024),
  size_bytes    BIGINT,
  truncated     INT,
  state_at      BIGINT,
  detail        VARCHAR(2000),
  CONSTRAINT pk_log_archive PRIMARY KEY (submission_id, pod_name)
);

CREATE INDEX ix_log_archive_state ON log_archive (state, state_at);
