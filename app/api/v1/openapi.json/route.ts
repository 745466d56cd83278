import { openApiDocument } from '@/lib/api/openapi';
import { config } from '@/lib/config';

// The API's description is public, like the OpenID Provider's discovery document.
export function GET() {
  return Response.json(openApiDocument(config().appUrl));
}
