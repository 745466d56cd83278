-- Data only, no schema change. Enterprise-connection links now name the issuer they came
-- from, "<issuer>#<sub>" (lib/federation/federated-sign-in.ts issuerBoundSubject), so a
-- connection pointed at another IdP does not inherit them. Links made before are bound to
-- the issuer their connection has now, the one that made them.
UPDATE "Account"
SET "providerAccountId" = (
  SELECT c."issuer" FROM "EnterpriseConnection" c WHERE 'enterprise-' || c."id" = "Account"."provider"
) || '#' || "providerAccountId"
WHERE "provider" LIKE 'enterprise-%'
  AND "providerAccountId" NOT LIKE '%#%'
  AND EXISTS (SELECT 1 FROM "EnterpriseConnection" c WHERE 'enterprise-' || c."id" = "Account"."provider");
