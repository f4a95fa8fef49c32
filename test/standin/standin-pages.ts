/**
 * The stand-in's HTML pages: sign-in, consent, admin consent and the device-code pages.
 * Self-contained on purpose: inline CSS with system fonts, no script, image, font or
 * stylesheet from anywhere else, so a headless browser on an offline machine renders them at
 * once. Every page says what it is in `<body data-standin-page="...">`; element ids borrow
 * Entra's own (`i0116`, `i0118`, `idSIButton9`, `idBtn_Accept`, `idBtn_Back`) so a browser
 * driver written against the stand-in reads like one written against Entra.
 * The selectors a driver relies on are listed at the top of standin-browser.ts; keep them stable.
 */
import { escapeHtml } from './standin-errors.js';

export type PageKind = 'signin' | 'consent' | 'admin-consent' | 'device-code' | 'device-confirm' | 'device-success';

const STYLE = `
body{font-family:"Segoe UI",-apple-system,"Helvetica Neue",Arial,sans-serif;background:#f2f2f2;margin:0;padding:40px 12px;color:#1b1b1b}
main{max-width:440px;margin:0 auto;background:#fff;padding:44px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
.brand{font-size:15px;font-weight:600;color:#5e5e5e;margin:0 0 16px}
h1{font-size:24px;font-weight:600;margin:0 0 16px}
p,li{font-size:15px;line-height:1.4}
ul{padding-left:20px}
input[type=text],input[type=password]{display:block;width:100%;box-sizing:border-box;font-size:15px;padding:6px 0;margin:0 0 16px;border:0;border-bottom:1px solid #666;outline:none}
.buttons{display:flex;gap:8px;justify-content:flex-end;margin-top:24px}
.buttons form{margin:0}
button{font-size:15px;min-width:108px;padding:6px 12px;border:1px solid #8c8c8c;background:#e6e6e6;color:#1b1b1b;cursor:pointer}
button.primary{background:#0067b8;border-color:#0067b8;color:#fff}
.error{color:#e81123}
code{font-size:20px;letter-spacing:2px}
.small{font-size:13px;color:#5e5e5e}
`;

function layout(kind: PageKind, title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body data-standin-page="${kind}"><main>
<p class="brand">Microsoft Entra (stand-in)</p>
${body}
</main></body></html>
`;
}

/** A Cancel button that GETs `href` (an own form, so that it is a real button, not a link). */
function backButton(href: string, label = 'Cancel'): string {
  return `<form method="get" action="${escapeHtml(href)}"><button type="submit" id="idBtn_Back" name="cancel" value="1">${escapeHtml(label)}</button></form>`;
}

export function signInPage(o: { action: string; loginHint?: string; clientName: string; error?: string }): string {
  const hint = o.loginHint ? ` value="${escapeHtml(o.loginHint)}"` : '';
  return layout(
    'signin',
    'Sign in to your account',
    `
<h1>Sign in</h1>
<p class="small">to continue to ${escapeHtml(o.clientName)}</p>
${o.error ? `<p class="error" id="error-text">${escapeHtml(o.error)}</p>` : ''}
<form id="standin-signin" method="post" action="${escapeHtml(o.action)}" autocomplete="off">
<input type="hidden" name="prompt" value="login">
<input type="text" id="i0116" name="login" placeholder="Email, phone, or Skype" aria-label="Email, phone, or Skype" required${hint}${o.loginHint ? '' : ' autofocus'}>
<input type="password" id="i0118" name="password" placeholder="Password" aria-label="Password" required${o.loginHint ? ' autofocus' : ''}>
<div class="buttons"><button type="submit" id="idSIButton9" class="primary">Sign in</button></div>
</form>`,
  );
}

export function consentPage(o: {
  action: string;
  abortHref: string;
  clientName: string;
  account?: string;
  scopes: string[];
  offline: boolean;
}): string {
  const items = o.scopes.map((s) => `<li>${escapeHtml(s)}</li>`);
  if (o.offline) items.push('<li>Maintain access to data you have given it access to</li>');
  if (!items.length) items.push('<li>Sign you in and read your profile</li>');
  return layout(
    'consent',
    'Permissions requested',
    `
<h1>Permissions requested</h1>
${o.account ? `<p class="small">${escapeHtml(o.account)}</p>` : ''}
<p><strong>${escapeHtml(o.clientName)}</strong> needs permission to:</p>
<ul id="standin-scopes">${items.join('')}</ul>
<p class="small">Accepting these permissions means that you allow this app to use your data as specified in their terms of service and privacy statement.</p>
<div class="buttons">
${backButton(o.abortHref)}
<form id="standin-consent" method="post" action="${escapeHtml(o.action)}"><input type="hidden" name="prompt" value="consent"><button type="submit" id="idBtn_Accept" class="primary">Accept</button></form>
</div>`,
  );
}

export function adminConsentPage(o: {
  action: string;
  abortHref: string;
  clientName: string;
  account?: string;
  tenant: string;
  scopes: string[];
}): string {
  return layout(
    'admin-consent',
    'Permissions requested',
    `
<h1>Permissions requested</h1>
<p class="small">Accept for your organization${o.account ? ` (${escapeHtml(o.account)})` : ''}</p>
<p><strong>${escapeHtml(o.clientName)}</strong> needs permission to access resources in your organization <span id="standin-tenant">${escapeHtml(o.tenant)}</span> that only an admin can grant:</p>
<ul id="standin-scopes">${o.scopes.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>
<p class="small">If you accept, this app will get access to the specified resources for all users in your organization. No one else will be prompted to review these permissions.</p>
<div class="buttons">
${backButton(o.abortHref)}
<form id="standin-consent" method="post" action="${escapeHtml(o.action)}"><input type="hidden" name="prompt" value="consent"><input type="hidden" name="admin_consent" value="1"><button type="submit" id="idBtn_Accept" class="primary">Accept</button></form>
</div>`,
  );
}

/**
 * The "Enter code" page. `form` is a complete `<form id="formId">` holding an `input[name=user_code]`
 * (oidc-provider builds its own, with an anti-forgery field); the Next button submits it.
 */
export function deviceCodePage(o: { form: string; formId: string; error?: string }): string {
  return layout(
    'device-code',
    'Enter code',
    `
<h1>Enter code</h1>
<p>Enter the code displayed on your app or device.</p>
${o.error ? `<p class="error" id="error-text">${escapeHtml(o.error)}</p>` : ''}
${o.form}
<div class="buttons"><button type="submit" id="idSIButton9" class="primary" form="${escapeHtml(o.formId)}">Next</button></div>`,
  );
}

/** The front server's own code form (for `{url}/devicelogin`, tenant-independent like microsoft.com/devicelogin). */
export function deviceLoginForm(action: string, code = ''): string {
  return `<form id="standin-device" method="post" action="${escapeHtml(action)}" autocomplete="off">
<input type="text" id="otc" name="user_code" placeholder="Code" aria-label="Code" value="${escapeHtml(code)}" autofocus>
</form>`;
}

/** "Are you trying to sign in to …?": `form` is oidc-provider's confirm form (hidden xsrf, user_code, confirm=yes). */
export function deviceConfirmPage(o: { form: string; formId: string; clientName: string; userCode: string }): string {
  return layout(
    'device-confirm',
    'Are you trying to sign in?',
    `
<h1>Are you trying to sign in to ${escapeHtml(o.clientName)}?</h1>
<p>Code: <code id="standin-user-code">${escapeHtml(o.userCode)}</code></p>
<p class="small">Only continue if you downloaded the app from a store or website that you trust.</p>
${o.form}
<div class="buttons">
<button type="submit" id="idBtn_Back" form="${escapeHtml(o.formId)}" name="abort" value="yes">Cancel</button>
<button type="submit" id="idSIButton9" class="primary" form="${escapeHtml(o.formId)}">Continue</button>
</div>`,
  );
}

export function deviceSuccessPage(clientName: string): string {
  return layout(
    'device-success',
    'Signed in',
    `
<h1>${escapeHtml(clientName)}</h1>
<p id="standin-device-done">You have signed in to the ${escapeHtml(clientName)} application on your device. You may now close this window.</p>`,
  );
}

/** oidc-provider's dev pages import a web font from fonts.googleapis.com; any page that still carries it loses the import. */
export function stripExternalFonts(html: string): string {
  return html.replace(/@import url\(https?:\/\/fonts\.googleapis\.com[^)]*\);?/g, '');
}
