-- Data only, no schema change. The OpenID Provider's tokens, codes and sessions are now stored
-- under a keyed hash of their value (lib/oidc/adapter.ts storedId), so rows written before are
-- keyed by the raw value: nothing would find them again, and they are the usable tokens a leaked
-- row must not be. They go. Apps' refresh tokens from before the upgrade are refused
-- (invalid_grant) and the app signs the person in again; consent (Grant rows) is kept, and a
-- live Gatehouse session signs them straight back in. Interactions (an hour at most) stay.
DELETE FROM "OidcPayload" WHERE "type" NOT IN ('Grant', 'Interaction', 'ReplayDetection');
