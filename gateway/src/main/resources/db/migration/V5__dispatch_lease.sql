-- Until when a dispatch of the submission is in progress: an idempotent replay within it answers the
-- submission's ID without creating it again. NULL means the submit's own dispatch, counted from
-- created_at.
ALTER TABLE submission ADD dispatch_lease_until BIGINT;
