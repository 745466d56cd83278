import 'server-only';
import type { z } from 'zod';
import { staffActor, type StaffActor } from '@/lib/audit/actor';
import { isRecentlyAuthenticated, stepUpRequired } from '@/lib/auth/step-up';
import type { CurrentSession } from '@/lib/auth/current-session';
import { requestContext } from '@/lib/http/request-context';
import { requirePermission } from './check';
import type { Permission } from './permissions';

/** What an admin action answers when it did not get to run. */
export type AdminActionRefusal = { ok: false; formError?: string; fieldErrors?: Record<string, string>; stepUp?: string };

type Tuple = z.ZodTuple<[z.ZodType, ...z.ZodType[]] | [], null>;

type Options<In> = {
  /** The page the action belongs to: where a signed-out visitor comes back to, and where a step-up returns. */
  page: string | ((input: In) => string);
  /** The answer to a malformed argument that is not a form's values (an id from the page, a flag): it names nothing that exists. */
  gone?: string;
  /** Ask for a recent sign-in before running: always, or when this says so for the input (ASVS 5.0 V7.5.3). */
  stepUp?: boolean | ((input: In) => boolean | Promise<boolean>);
  /**
   * Whether what the ids name still exists, asked before a step-up, so a stale page says so
   * rather than sending the person to confirm who they are for nothing.
   */
  exists?: (input: In) => Promise<boolean>;
};

/**
 * Every server action of the admin console is one of these, so each does the same four things
 * in the same order, and none can forget one:
 *   1. require `permission` (404 without it, so the console is not advertised), before any
 *      answer about the input, so a customer learns nothing from one;
 *   2. validate every argument with `schema`, a tuple of the action's positional arguments (ids
 *      bound by the page, then the form's values): a form's problems come back beside its fields,
 *      a malformed id as `gone`; never a 500 whatever is sent;
 *   3. ask for a recent sign-in where `stepUp` says so;
 *   4. run, as the staff member (a StaffActor for the domain function and its audit event).
 * Who may be acted on (lib/rbac/hierarchy.ts) is decided by the domain function `run` calls, in
 * its transaction, because the management API reaches the same functions without this wrapper.
 * The permission is the first argument, as a literal, so the access-matrix spec reads it from
 * the source (e2e/support/admin-action-permissions.ts).
 */
export function adminAction<S extends Tuple, R>(
  permission: Permission,
  schema: S,
  run: (input: z.output<S>, staff: StaffActor, session: CurrentSession) => Promise<R>,
  options: Options<z.output<S>>,
) {
  const arity = schema.def.items.length;
  return async (...args: z.input<S>): Promise<R | AdminActionRefusal> => {
    // Forms posted natively add their FormData after the bound arguments; only the declared ones count.
    const parsed = schema.safeParse((args as unknown[]).slice(0, arity));
    const page = (input?: z.output<S>) => (typeof options.page === 'string' ? options.page : input ? options.page(input) : '/admin');
    const session = await requirePermission(permission, page(parsed.success ? parsed.data : undefined));
    if (!parsed.success) return refusalOf(parsed.error, schema, options.gone);
    const input = parsed.data;
    if (options.exists && !(await options.exists(input))) return { ok: false, formError: options.gone ?? GONE };
    const wantsStepUp = typeof options.stepUp === 'function' ? await options.stepUp(input) : options.stepUp === true;
    if (wantsStepUp && !isRecentlyAuthenticated(session)) return stepUpRequired(page(input));
    return run(input, staffActor(session, await requestContext()), session);
  };
}

/** A domain function's refusal as the forms show it: beside its field when it names one, above the form otherwise. */
export function refusalFrom(result: { field?: string; error: string }): AdminActionRefusal {
  return result.field ? { ok: false, fieldErrors: { [result.field]: result.error } } : { ok: false, formError: result.error };
}

const GONE = 'This no longer exists. Reload the page.';
const RELOAD = 'Reload the page and try again.';

/** The first problem with the arguments, as the console's forms show it. */
function refusalOf(error: z.ZodError, schema: Tuple, gone = GONE): AdminActionRefusal {
  const first = error.issues[0];
  const index = typeof first?.path[0] === 'number' ? first.path[0] : -1;
  const isForm = schema.def.items[index]?.def.type === 'object';
  if (!first || !isForm) return { ok: false, formError: gone };
  // A form's values: each field's first message beside the field.
  if (first.path.length > 1) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of error.issues) {
      if (issue.path[0] === index && issue.path.length > 1) fieldErrors[String(issue.path[1])] ??= issue.message;
    }
    return { ok: false, fieldErrors };
  }
  // The values as a whole: not an object at all (nobody typed that), or a rule across fields.
  return { ok: false, formError: first.code === 'invalid_type' ? RELOAD : first.message };
}
