// Registers an app that signs people in with Gatehouse (until the admin console has a page for it):
//   npm run oidc:register-client -- '{"name":"Shop","type":"confidential","redirectUris":["https://shop.example/callback"],
//     "grantTypes":["authorization_code","refresh_token"],"scopes":["openid","profile","email"]}'
// Prints the client id and, for a confidential client, its secret: shown this once, stored only hashed.
// Uses DATABASE_URL like the server.
import { registerClient } from '../lib/oidc/clients';
import { db } from '../lib/db/client';

async function main() {
  const [json] = process.argv.slice(2);
  if (!json) {
    console.error('Usage: oidc-register-client <JSON: name, type, redirectUris, postLogoutRedirectUris, grantTypes, scopes, firstParty>');
    process.exit(2);
  }
  try {
    const result = await registerClient(JSON.parse(json));
    if (!result.ok) {
      console.error(result.error);
      process.exitCode = 1;
      return;
    }
    console.log(JSON.stringify({ clientId: result.clientId, clientSecret: result.clientSecret }));
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
