import 'server-only';
// email-providers (derhuerst/email-providers, ISC): ~8,700 domains of free and ISP mail
// services, rebuilt from HubSpot's free-domain list and released monthly. A maintained
// list beats our own: new services appear all the time.
import providers from 'email-providers/all.json';

const PUBLIC_MAIL_DOMAINS = new Set<string>(providers as string[]);

/**
 * The first domain on the list that belongs to a public mail service, if any. Anyone can
 * open an address at gmail.com or outlook.com, so a connection claiming one would send
 * strangers to one organisation's IdP, and let that IdP speak for all of them.
 */
export function publicMailDomainIn(domains: string[]): string | undefined {
  return domains.find((domain) => PUBLIC_MAIL_DOMAINS.has(domain.toLowerCase()));
}
