/**
 * Entra's AADSTS error codes, translated into a cause and a next step.
 * https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes
 */
import { sanitize } from './sanitize.js';

interface Guidance {
  cause: string;
  step: string;
}

const GUIDANCE: Record<number, Guidance> = {
  50011: {
    cause: 'The redirect URI does not match one registered for the app.',
    step: 'Use the redirect URI exactly as registered (App registrations → Authentication), character for character.',
  },
  500113: {
    cause: 'The app has no reply address (redirect URI) registered.',
    step: 'Add the redirect URI under App registrations → Authentication → Add a platform → Web.',
  },
  90002: {
    cause: 'The tenant was not found.',
    step: 'Check the tenant ID or domain, and --cloud (a US Government or China tenant lives in another cloud).',
  },
  7000215: { cause: 'The client secret is wrong.', step: "Paste the secret's Value (shown once when it was created), not its Secret ID." },
  7000222: {
    cause: 'The client secret has expired.',
    step: 'Create a new secret under App registrations → Certificates & secrets, then run setup again.',
  },
  70008: { cause: 'The authorization code or refresh token has expired.', step: 'Start again: codes last about ten minutes.' },
  54005: { cause: 'The authorization code was already redeemed.', step: 'Codes are single-use: get a fresh one by signing in again.' },
  501481: {
    cause: 'The code was requested with PKCE but redeemed without the matching code_verifier.',
    step: 'Request the code without code_challenge (as XSOAR needs), or redeem it with its verifier.',
  },
  65001: {
    cause: 'Consent for the requested permissions has not been granted.',
    step: 'Grant consent (admin consent for application permissions) and try again.',
  },
  65004: { cause: 'The user declined consent.', step: 'Consent is needed to continue: sign in again and accept.' },
  90094: {
    cause: 'Admin consent is required for these permissions.',
    step: 'Ask a Global or Privileged Role Administrator to consent, or use the admin consent URL.',
  },
  90099: {
    cause: 'Admin consent is required for these permissions.',
    step: 'Ask a Global or Privileged Role Administrator to consent, or use the admin consent URL.',
  },
  70011: { cause: 'A requested scope is invalid.', step: 'Check the scope format: client credentials need <resource>/.default.' },
  50076: { cause: 'Multi-factor authentication is required.', step: 'Complete MFA in the browser, then try again.' },
  50079: {
    cause: 'The user must register for multi-factor authentication.',
    step: 'Complete MFA registration in the browser, then try again.',
  },
  53003: {
    cause: 'A Conditional Access policy blocked the sign-in.',
    step: 'Ask your Entra admin which policy applies (device code sign-ins are often blocked).',
  },
  50173: {
    cause: 'The grant was revoked (for example after a password change or session revocation).',
    step: 'Sign in again: run `ms-auth setup` for this profile.',
  },
  700082: { cause: 'The refresh token expired after a long time unused.', step: 'Sign in again: run `ms-auth setup` for this profile.' },
  700027: {
    cause: 'The client assertion (certificate) was not accepted.',
    step: 'Upload the certificate to the app registration, and check the key matches it.',
  },
  700024: { cause: 'The client assertion is outside its valid time window.', step: "Check this machine's clock." },
  70020: {
    cause: 'The device code expired before the sign-in was completed.',
    step: 'Run setup again and enter the code promptly (it lasts about 15 minutes).',
  },
  70016: {
    cause: 'The sign-in with the device code has not been completed yet.',
    step: 'Finish it on the other device, or run setup again.',
  },
  700016: {
    cause: 'No application with this client ID exists in the tenant, or no administrator has consented to it there.',
    step: 'Check the client ID and tenant; for app-only access, grant admin consent.',
  },
  9002313: { cause: 'The request was malformed.', step: 'Usually a mangled code or URL: paste the whole redirect URL again.' },
};

/** The AADSTS number from Entra's `error_codes` or the start of `error_description`. */
export function aadstsCode(description: string | undefined, errorCodes?: unknown): number | undefined {
  if (Array.isArray(errorCodes) && typeof errorCodes[0] === 'number') return errorCodes[0];
  const match = /AADSTS(\d{4,8})/.exec(description ?? '');
  return match ? Number(match[1]) : undefined;
}

export interface ExplainedError {
  /** `AADSTS70008` or the OAuth error code. */
  code: string;
  message: string;
  hints: string[];
}

/**
 * Builds the operator-facing text for an Entra error: Microsoft's own first line
 * (sanitized, without its trace and correlation lines), then the cause and the step.
 */
export function explainEntraError(error: string, description?: string, errorCodes?: unknown): ExplainedError {
  const number = aadstsCode(description, errorCodes);
  const firstLine = sanitize((description ?? '').split(/\r?\n|Trace ID:/)[0] ?? '');
  const safeError = sanitize(error, { max: 80 });
  const message = `Entra rejected the request (${safeError})${firstLine ? `: ${firstLine}` : '.'}`;
  const guidance = number === undefined ? undefined : GUIDANCE[number];
  const hints = guidance ? [guidance.cause, `Next: ${guidance.step}`] : [];
  return { code: number === undefined ? safeError : `AADSTS${number}`, message, hints };
}
