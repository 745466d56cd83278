// Makes an empty PostgreSQL database named by the argument on the server TEST_POSTGRES_URL
// points at (dropping one left by an earlier run) and prints its URL, for the PostgreSQL
// run of the end-to-end journeys; `npm start` then migrates and seeds it as in production.
import pg from 'pg';

const name = process.argv[2];
if (!name || !/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error('Usage: fresh-postgres-database.mjs <database_name>');
const adminUrl = process.env.TEST_POSTGRES_URL;
if (!adminUrl) throw new Error('TEST_POSTGRES_URL is not set.');

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${name}`);
await admin.end();
const url = new URL(adminUrl);
url.pathname = `/${name}`;
console.log(url.toString());
