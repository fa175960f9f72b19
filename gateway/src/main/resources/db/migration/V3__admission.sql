-- Idempotent submits, the attempts of each create (failover), submissions held by a gateway replica
-- until a cluster has room, and the replicas' heartbeats.
ALTER TABLE submission ADD idempotency_key VARCHAR(255);
ALTER TABLE submission ADD queued_by VARCHAR(64);
CREATE UNIQUE INDEX ux_submission_idempotency ON submission (owner_name, idempotency_key);
CREATE INDEX ix_submission_queued_by ON submission (queued_by);

CREATE TABLE submission_attempt (
  submission_id VARCHAR(128) NOT NULL,
  seq           INT          NOT NULL,
  cluster_id    VARCHAR(64)  NOT NULL,
  attempted_at  BIGINT       NOT NULL,
  outcome       VARCHAR(32)  NOT NULL,
  message       TEXT,
  CONSTRAINT pk_submission_attempt PRIMARY KEY (submission_id, seq)
);

CREATE TABLE gateway_replica (
  replica_id   VARCHAR(64) NOT NULL,
  heartbeat_at BIGINT      NOT NULL,
  CONSTRAINT pk_gateway_replica PRIMARY KEY (replica_id)
);
