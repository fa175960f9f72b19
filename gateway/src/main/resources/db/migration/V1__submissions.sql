-- Submissions and their state transitions. Portable SQL: it runs unchanged on H2, MySQL/MariaDB and
-- PostgreSQL. Times are epoch milliseconds (BIGINT) so that no database applies a time zone to them.

CREATE TABLE submission (
  submission_id        VARCHAR(128)  NOT NULL,
  cluster_id           VARCHAR(64)   NOT NULL,
  k8s_namespace        VARCHAR(64)   NOT NULL,
  owner_name           VARCHAR(255)  NOT NULL,
  submitted_by         VARCHAR(255)  NOT NULL,
  queue_name           VARCHAR(255)  NOT NULL,
  spark_version        VARCHAR(64)   NOT NULL,
  application_name     VARCHAR(255),
  application_type     VARCHAR(16)   NOT NULL,
  main_class           VARCHAR(1024),
  arguments_json       TEXT,
  dag_name             VARCHAR(255),
  task_name            VARCHAR(255),
  driver_cores         INT,
  driver_memory_mb     BIGINT,
  executor_instances   INT,
  executor_cores       INT,
  executor_memory_mb   BIGINT,
  max_running_millis   BIGINT        NOT NULL,
  routing_reason       VARCHAR(2000),
  request_json         TEXT          NOT NULL,
  spec_json            TEXT          NOT NULL,
  created_at           BIGINT        NOT NULL,
  state                VARCHAR(32)   NOT NULL,
  state_changed_at     BIGINT        NOT NULL,
  error_message        TEXT,
  spark_application_id VARCHAR(255),
  execution_attempts   INT,
  driver_pod           VARCHAR(255),
  started_at           BIGINT,
  finished_at          BIGINT,
  updated_at           BIGINT        NOT NULL,
  CONSTRAINT pk_submission PRIMARY KEY (submission_id)
);

CREATE INDEX ix_submission_owner_created ON submission (owner_name, created_at);
CREATE INDEX ix_submission_submitted_by ON submission (submitted_by, created_at);
CREATE INDEX ix_submission_created ON submission (created_at);
CREATE INDEX ix_submission_app_id ON submission (spark_application_id);
CREATE INDEX ix_submission_app_name ON submission (application_name, created_at);
CREATE INDEX ix_submission_queue ON submission (queue_name, created_at);
CREATE INDEX ix_submission_cluster ON submission (cluster_id, created_at);
CREATE INDEX ix_submission_state ON submission (state, created_at);

CREATE TABLE submission_transition (
  submission_id VARCHAR(128) NOT NULL,
  seq           INT          NOT NULL,
  state         VARCHAR(32)  NOT NULL,
  occurred_at   BIGINT       NOT NULL,
  source        VARCHAR(64)  NOT NULL,
  message       TEXT,
  CONSTRAINT pk_submission_transition PRIMARY KEY (submission_id, seq)
);
