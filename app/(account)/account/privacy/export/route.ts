import { NextResponse } from 'next/server';
import { config } from '@/lib/config';
import { getCurrentSession } from '@/lib/auth/current-session';
import { isRecentlyAuthenticated, stepUpUrl } from '@/lib/auth/step-up';
import { exportOwnData } from '@/lib/dsr/self-service-export';
import { requestContext } from '@/lib/http/request-context';
import { isSameOriginPost } from '@/lib/http/same-origin';
import { userActor } from '@/lib/audit/actor';

const PRIVACY_PAGE = '/account/privacy';

// 303: the browser follows with a GET, never re-posting to the next page.
function seeOther(path: string) {
  return NextResponse.redirect(new URL(path, config().appUrl), 303);
}

/** "Download my data": a POST from the privacy page, answered with the JSON file. */
export async function POST(request: Request) {
  if (!isSameOriginPost(request)) return new NextResponse('Forbidden', { status: 403 });
  const session = await getCurrentSession();
  if (!session) return seeOther(`/sign-in?next=${encodeURIComponent(PRIVACY_PAGE)}`);
  // The file holds everything about the person: an unattended, long-lived session is not enough.
  if (!isRecentlyAuthenticated(session)) return seeOther(stepUpUrl(`${PRIVACY_PAGE}#your-data-title`));
  const result = await exportOwnData(userActor(session, await requestContext()));
  if (!result.ok) return seeOther(`${PRIVACY_PAGE}?export=limited&wait=${result.retryAfterSeconds}#your-data-title`);
  const filename = `${config().brand.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-data-${result.document.generatedAt.slice(0, 10)}.json`;
  return new NextResponse(JSON.stringify(result.document, null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
    },
  });
}
