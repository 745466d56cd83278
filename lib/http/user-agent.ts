import { UAParser } from 'ua-parser-js';

/** "Chrome 140 on Linux": enough for a person to recognise their own device, from a stored User-Agent. */
export function describeUserAgent(userAgent: string | null | undefined): string {
  if (!userAgent) return 'Unknown browser';
  const { browser, os } = new UAParser(userAgent).getResult();
  const name = browser.name ? `${browser.name}${browser.major ? ` ${browser.major}` : ''}` : null;
  const system = os.name ? `${os.name}${os.version ? ` ${os.version}` : ''}` : null;
  if (name && system) return `${name} on ${system}`;
  return name ?? system ?? 'Unknown browser';
}
