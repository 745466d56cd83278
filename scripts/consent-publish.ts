// Publishes a new version of a consent document or purpose from the command line:
//   npm run consent:publish -- terms "Terms of service" "The new text..."
// (or: node --conditions=react-server --import tsx scripts/consent-publish.ts <key> <title> <text>)
// Uses DATABASE_URL like the server. For a required document (terms, privacy), everyone
// who accepted an older version is asked to accept this one at their next sign-in.
import { publishConsentVersion } from '../lib/consent/publish';
import { db } from '../lib/db/client';

async function main() {
  const [key, title, text] = process.argv.slice(2);
  if (!key || !title || !text) {
    console.error('Usage: consent-publish <purpose key> <title> <text>');
    process.exit(2);
  }
  try {
    const result = await publishConsentVersion(key, { title, text });
    if (!result.ok) {
      console.error(result.message);
      process.exitCode = 1;
      return;
    }
    const asked = result.purpose.kind === 'document' && result.purpose.required ? ' Customers will be asked to accept it at their next sign-in.' : '';
    console.log(`Published version ${result.version} of "${result.purpose.key}".${asked}`);
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
