-- Which configured credential a console session signed in with (a fingerprint of the password's or
-- the API token's configured hash, or oidc), so that changing or removing it ends the session.
-- Sessions from before this column have none, and are refused: their users sign in again.
ALTER TABLE console_session ADD COLUMN credential VARCHAR(128);
