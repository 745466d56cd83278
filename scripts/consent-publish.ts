// Publishes a new version of a consent document or purpose from the command line:
//   npm run consent:publish -- terms "Terms of service" "The new text..."
// (or: node --conditions=react-server --import tsx scripts/consent-publish.ts <key> <title> <text>)
// Uses DATABASE_URL like the server, and the same lib function as the console's
// "Publish a new version" (/admin/consent/<key>). For a required document (terms, privacy),
// everyone who accepted an older version is asked to accept this one at their next sign-in.
import { describePublished, publishConsentVersion } from '../lib/consent/publish';
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
    console.log(describePublished(result));
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
