// oidc-provider ships no type declarations; these cover the surface Gatehouse uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export type AdapterPayload = {
    [key: string]: unknown;
    grantId?: string;
    userCode?: string;
    uid?: string;
    consumed?: unknown;
    accountId?: string;
    clientId?: string;
  };

  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export type ClaimsObject = Record<string, unknown> & { sub: string };
  export type Account = { accountId: string; claims(use: string, scope: string): Promise<ClaimsObject> | ClaimsObject };

  export interface OidcSession {
    accountId?: string;
    uid: string;
    grantIdFor(clientId: string): string | undefined;
  }

  export interface Client {
    clientId: string;
    clientAuthMethod: string;
    grantTypeAllowed(type: string): boolean;
    compareClientSecret(actual: string): Promise<boolean> | boolean;
    [key: string]: unknown;
  }
  export interface ClientStatic {
    prototype: Client;
    find(id: string): Promise<Client | undefined>;
  }

  export interface Grant {
    jti: string;
    accountId?: string;
    clientId?: string;
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(resource: string, scope: string): void;
    getOIDCScope(): string;
    save(ttl?: number): Promise<string>;
  }
  export interface GrantStatic {
    new (properties: { accountId: string; clientId: string }): Grant;
    find(id: string): Promise<Grant | undefined>;
  }

  export interface PromptDetail {
    name: 'login' | 'consent' | string;
    reasons: string[];
    details: {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
      [key: string]: unknown;
    };
  }

  export interface Interaction {
    jti: string;
    uid: string;
    /** When the app's request arrived (seconds since the epoch). */
    iat: number;
    prompt: PromptDetail;
    params: Record<string, unknown> & { client_id?: string; scope?: string; redirect_uri?: string };
    session?: { accountId?: string; uid?: string; cookie?: string };
    grantId?: string;
    returnTo: string;
    lastSubmission?: Record<string, unknown>;
  }

  export type InteractionResults = {
    login?: { accountId: string; amr?: string[]; acr?: string; remember?: boolean; ts?: number };
    consent?: { grantId?: string };
    error?: string;
    error_description?: string;
    [key: string]: unknown;
  };

  export interface KoaContextWithOIDC {
    method: string;
    path: string;
    status: number;
    body: unknown;
    type: string;
    ip: string;
    get(field: string): string;
    set(field: string, value: string): void;
    cookies: { get(name: string, opts?: { signed?: boolean }): string | undefined; set(name: string, value: string | null, opts?: Record<string, unknown>): void };
    oidc: {
      route: string;
      client?: Client;
      session?: OidcSession;
      params?: Record<string, unknown>;
      body?: Record<string, unknown>;
      entities: Record<string, unknown>;
      result?: InteractionResults;
      uid?: string;
    };
    req: IncomingMessage;
    res: ServerResponse;
  }

  export type CheckResult = boolean;
  export class Check {
    static REQUEST_PROMPT: true;
    static NO_NEED_TO_PROMPT: false;
    constructor(reason: string, description: string, check: (ctx: KoaContextWithOIDC) => CheckResult | Promise<CheckResult>);
  }
  export class Prompt {
    name: string;
    checks: Check[] & { add(check: Check, i?: number): void };
  }
  export type Policy = Prompt[] & { get(name: string): Prompt | undefined };
  export const interactionPolicy: { base(): Policy; Check: typeof Check; Prompt: typeof Prompt };

  export type Configuration = Record<string, unknown>;

  export class Provider {
    constructor(issuer: string, configuration?: Configuration);
    issuer: string;
    proxy: boolean;
    Client: ClientStatic;
    Grant: GrantStatic;
    Session: { findByUid(uid: string): Promise<unknown> };
    ClientCredentials: { find(value: string): Promise<{ clientId?: string; scope?: string } | undefined> };
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    use(middleware: (ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void>): void;
    on(event: string, listener: (...args: unknown[]) => void): void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionResult(req: IncomingMessage, res: ServerResponse, result: InteractionResults, options?: { mergeWithLastSubmission?: boolean }): Promise<string>;
    interactionFinished(req: IncomingMessage, res: ServerResponse, result: InteractionResults, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
  }

  export const errors: Record<string, new (...args: unknown[]) => Error> & { InvalidGrant: new (description?: string) => Error };
  export default Provider;
}
