import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { isoCBOR } from '@simplewebauthn/server/helpers';

type Credential = { id: string; privateKey: KeyObject; userHandle: string; counter: number };

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();
const b64url = (data: Uint8Array) => Buffer.from(data).toString('base64url');

/**
 * A passkey authenticator in software (ES256, "none" attestation), so the server's
 * WebAuthn checks run for real in integration tests, without a browser. Options:
 * `synced` reports a backed-up multi-device credential whose counter stays 0, as
 * iCloud Keychain and Google Password Manager do; otherwise the counter counts up.
 * `userVerified: false` (or per assertion) leaves the UV flag off: a security key
 * touched without its PIN.
 */
export class SoftwareAuthenticator {
  readonly credentials: Credential[] = [];

  constructor(private readonly options: { rpId?: string; origin?: string; synced?: boolean; userVerified?: boolean } = {}) {}

  private get rpId() {
    return this.options.rpId ?? 'localhost';
  }

  private get origin() {
    return this.options.origin ?? 'http://localhost:3000';
  }

  private flags(extra: number, userVerified = this.options.userVerified ?? true) {
    const up = 0x01;
    const uv = userVerified ? 0x04 : 0;
    const backup = this.options.synced ? 0x08 | 0x10 : 0;
    return up | uv | backup | extra;
  }

  private clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string, origin = this.origin) {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  private authData(flags: number, counter: number, attested?: Uint8Array) {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    return Buffer.concat([sha256(this.rpId), Buffer.from([flags]), count, ...(attested ? [attested] : [])]);
  }

  register(options: PublicKeyCredentialCreationOptionsJSON, overrides: { origin?: string } = {}): RegistrationResponseJSON {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const cose = isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]),
    );
    const rawId = randomBytes(16);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(rawId.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLength, rawId, cose]);
    const credential: Credential = { id: b64url(rawId), privateKey, userHandle: options.user.id, counter: 0 };
    this.credentials.push(credential);
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Map<string, string> | Uint8Array>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, string>()],
        ['authData', this.authData(this.flags(0x40), 0, attested)],
      ]),
    );
    return {
      id: credential.id,
      rawId: credential.id,
      type: 'public-key',
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
      response: {
        clientDataJSON: b64url(this.clientData('webauthn.create', options.challenge, overrides.origin)),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
    };
  }

  /** Signs the challenge with the first allowed credential (or the newest, for a discoverable request). */
  authenticate(options: PublicKeyCredentialRequestOptionsJSON, overrides: { credentialId?: string; counter?: number; userVerified?: boolean } = {}): AuthenticationResponseJSON {
    const allowed = options.allowCredentials?.map((c) => c.id) ?? [];
    const credential =
      this.credentials.find((c) => c.id === overrides.credentialId) ??
      (allowed.length > 0 ? this.credentials.find((c) => allowed.includes(c.id)) : this.credentials.at(-1));
    if (!credential) throw new Error('no matching credential on this authenticator');
    if (!this.options.synced) credential.counter += 1;
    const counter = overrides.counter ?? (this.options.synced ? 0 : credential.counter);
    const authenticatorData = this.authData(this.flags(0, overrides.userVerified), counter);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge);
    const signature = sign('sha256', Buffer.concat([authenticatorData, sha256(clientDataJSON)]), credential.privateKey);
    return {
      id: credential.id,
      rawId: credential.id,
      type: 'public-key',
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authenticatorData),
        signature: b64url(signature),
        userHandle: credential.userHandle,
      },
    };
  }
}
