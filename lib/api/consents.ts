import 'server-only';
import { consentState } from '@/lib/consent/state';

/** A user's consent state as the API shows it (apiConsentStateSchema): decisions, not the legal texts. */
export async function apiConsentStateOf(userId: string) {
  const state = await consentState(userId);
  return {
    purposes: state.purposes.map((p) => ({
      key: p.key,
      name: p.name,
      required: p.required,
      granted: p.granted,
      currentVersion: p.current.version,
      decidedVersion: p.decidedVersion,
      decidedAt: p.decidedAt?.toISOString() ?? null,
      outdated: p.outdated,
    })),
    documents: state.documents.map((d) => ({
      key: d.key,
      name: d.name,
      currentVersion: d.current.version,
      acceptedVersion: d.granted ? d.decidedVersion : null,
      acceptedAt: d.granted ? (d.decidedAt?.toISOString() ?? null) : null,
    })),
  };
}
