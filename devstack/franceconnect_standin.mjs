// A local stand-in for FranceConnect (v2, "fcp-low"), for development and tests only.
//
// A real OpenID provider (the certified `oidc-provider` package, pinned in
// package.json) configured like FranceConnect's integration platform: every
// endpoint under <issuer> = http://127.0.0.1:<port>/api/v2 (authorize, token,
// userinfo, jwks, session/end), ES256-signed ID tokens and userinfo answers
// (application/jwt), acr "eidas1", FranceConnect's claims, client_secret_post,
// and FranceConnect's refusal of an authorization request without
// acr_values, or with a nonce or state shorter than 22 characters.
//
// It is NOT production software: sessions live in memory, the identities are
// fictitious (data/franceconnect-identities.json), it binds to 127.0.0.1 only,
// and it has a test API outside the issuer (/_test/...) to add identities and
// to read the end-session calls it received.
//
// Settings (environment): FRANCECONNECT_STANDIN_PORT, FRANCECONNECT_CLIENT_ID,
// FRANCECONNECT_CLIENT_SECRET, KEYCLOAK_PUBLIC_URL, KEYCLOAK_REALM,
// FRANCECONNECT_IDP_ALIAS, FRANCECONNECT_STANDIN_IDENTITIES,
// FRANCECONNECT_STANDIN_KEYS (where its signing key is kept between starts).

import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { dirname } from 'node:path';

import Provider from 'oidc-provider';

const HOST = '127.0.0.1';
const PREFIX = '/api/v2';
const TEST_PREFIX = '/_test';
const MIN_RANDOM_LENGTH = 22; // FranceConnect's minimum for nonce and state
const ACR = 'eidas1';
const MAX_BODY = 64 * 1024;

function setting(name, fallback) {
  const value = process.env[name];
  if (value) return value;
  if (fallback === undefined) throw new Error(`${name} is not set`);
  return fallback;
}

const port = Number(setting('FRANCECONNECT_STANDIN_PORT', '5300'));
const issuer = `http://${HOST}:${port}${PREFIX}`;
const clientId = setting('FRANCECONNECT_CLIENT_ID');
const clientSecret = setting('FRANCECONNECT_CLIENT_SECRET');
const keycloakUrl = setting('KEYCLOAK_PUBLIC_URL').replace(/\/$/, '');
const realm = setting('KEYCLOAK_REALM', 'portail-famille');
const alias = setting('FRANCECONNECT_IDP_ALIAS', 'franceconnect');
const identitiesFile = setting('FRANCECONNECT_STANDIN_IDENTITIES');
const keysFile = setting('FRANCECONNECT_STANDIN_KEYS');
const brokerEndpoint = `${keycloakUrl}/realms/${realm}/broker/${alias}/endpoint`;

// ---- Identities -------------------------------------------------------------

// The claims FranceConnect "low" gives, one scope per claim as it does.
const CLAIMS = ['given_name', 'family_name', 'preferred_username', 'birthdate', 'gender', 'birthplace', 'birthcountry', 'email'];
const REQUIRED_CLAIMS = ['given_name', 'family_name', 'birthdate', 'email'];

// FranceConnect's `sub` is per service provider: 64 hexadecimal characters and a version suffix.
function subjectFor(id) {
  return `${createHash('sha256').update(`${id}:${clientId}`).digest('hex')}v1`;
}

function checkIdentity(raw) {
  if (!raw || typeof raw !== 'object') throw new Error('an identity must be an object');
  if (typeof raw.id !== 'string' || !/^[a-z0-9-]{1,64}$/.test(raw.id)) throw new Error('"id": 1-64 of a-z, 0-9, -');
  for (const claim of REQUIRED_CLAIMS) {
    if (typeof raw[claim] !== 'string' || !raw[claim]) throw new Error(`"${claim}" is required`);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw.birthdate)) throw new Error('"birthdate" must be YYYY-MM-DD');
  const claims = {};
  for (const claim of CLAIMS) {
    if (typeof raw[claim] === 'string') claims[claim] = raw[claim];
  }
  claims.given_name_array = claims.given_name.split(' ').filter(Boolean);
  return { id: raw.id, sub: subjectFor(raw.id), claims, note: { fr: raw.note_fr || '', en: raw.note_en || '' } };
}

const identities = new Map(); // sub -> identity, in file order then added order
for (const raw of JSON.parse(readFileSync(identitiesFile, 'utf8')).identities) {
  const identity = checkIdentity(raw);
  identities.set(identity.sub, identity);
}

// ---- Signing key, kept between starts so that Keycloak's cached keys stay valid ----

function signingKey() {
  if (existsSync(keysFile)) return JSON.parse(readFileSync(keysFile, 'utf8'));
  const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  const key = { ...jwk, use: 'sig', alg: 'ES256' };
  mkdirSync(dirname(keysFile), { recursive: true });
  writeFileSync(keysFile, JSON.stringify(key));
  chmodSync(keysFile, 0o600);
  return key;
}

// ---- Pages (French first, English when the browser asks for it) -----------------

const TEXTS = {
  fr: {
    banner: 'Simulation locale de FranceConnect : identités fictives, pour le développement et les tests seulement.',
    loginTitle: 'Choisissez une identité',
    loginIntro: 'Le vrai FranceConnect vous ferait choisir un compte (impots.gouv.fr, ameli.fr, L’Identité Numérique La Poste…). Ici, choisissez une des personnes fictives ci-dessous.',
    legend: 'Identité à utiliser',
    bornOn: 'née ou né le',
    usageName: 'nom d’usage',
    submit: 'Se connecter',
    cancel: 'Annuler et revenir au service',
    cancelled: 'La personne a annulé la connexion.',
    pick: 'Choisissez une identité.',
    logoutTitle: 'Déconnexion de FranceConnect',
    logoutText: 'Le service vous déconnecte aussi de FranceConnect.',
    logoutButton: 'Se déconnecter de FranceConnect',
    loggedOut: 'Vous êtes déconnecté de FranceConnect.',
    errorTitle: 'Erreur FranceConnect (simulation)',
  },
  en: {
    banner: 'Local FranceConnect stand-in: fictitious identities, for development and tests only.',
    loginTitle: 'Choose an identity',
    loginIntro: 'The real FranceConnect would let you pick an account (impots.gouv.fr, ameli.fr, L’Identité Numérique La Poste…). Here, pick one of the fictitious people below.',
    legend: 'Identity to use',
    bornOn: 'born on',
    usageName: 'usage name',
    submit: 'Sign in',
    cancel: 'Cancel and go back to the service',
    cancelled: 'The person cancelled the sign-in.',
    pick: 'Choose an identity.',
    logoutTitle: 'Signing out of FranceConnect',
    logoutText: 'The service signs you out of FranceConnect too.',
    logoutButton: 'Sign out of FranceConnect',
    loggedOut: 'You are signed out of FranceConnect.',
    errorTitle: 'FranceConnect error (stand-in)',
  },
};

function language(headers) {
  const wanted = String(headers['accept-language'] || '').toLowerCase();
  const fr = wanted.indexOf('fr');
  const en = wanted.indexOf('en');
  return en !== -1 && (fr === -1 || en < fr) ? 'en' : 'fr';
}

function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

const STYLE = `
body{margin:0;font-family:Arial,Helvetica,sans-serif;color:#161616;background:#f6f6f6;line-height:1.5}
header{background:#000091;color:#fff;padding:1rem 1.5rem}
header p{margin:0;font-weight:bold}
main{max-width:40rem;margin:1.5rem auto;background:#fff;padding:1.5rem;border:1px solid #ddd}
h1{font-size:1.5rem;margin-top:0}
fieldset{border:1px solid #929292;padding:1rem;margin:0 0 1rem}
legend{font-weight:bold;padding:0 .25rem}
.choice{display:flex;gap:.5rem;align-items:flex-start;margin:.5rem 0}
.choice input{margin-top:.3rem;width:1.1rem;height:1.1rem}
.choice small{display:block;color:#3a3a3a}
button{font:inherit;padding:.6rem 1rem;border:2px solid #000091;cursor:pointer;margin:0 .5rem .5rem 0}
.primary{background:#000091;color:#fff}
.secondary{background:#fff;color:#000091}
:focus-visible{outline:3px solid #0a76f6;outline-offset:2px}
.error{color:#b60000;font-weight:bold}`;

function page(lang, title, body) {
  const t = TEXTS[lang];
  return `<!DOCTYPE html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – FranceConnect (simulation)</title><style>${STYLE}</style></head>
<body><header><p>${escapeHtml(t.banner)}</p></header>
<main id="contenu">${body}</main></body></html>`;
}

function frenchDate(iso) {
  const [year, month, day] = iso.split('-');
  return `${day}/${month}/${year}`;
}

function loginPage(lang, uid, error) {
  const t = TEXTS[lang];
  const choices = [...identities.values()].map((identity, index) => {
    const c = identity.claims;
    const usage = c.preferred_username ? ` (${t.usageName} ${escapeHtml(c.preferred_username)})` : '';
    const note = identity.note[lang] ? `<small>${escapeHtml(identity.note[lang])}</small>` : '';
    return `<div class="choice"><input type="radio" name="identity" id="identity-${escapeHtml(identity.id)}" value="${escapeHtml(identity.id)}"${index === 0 ? ' checked' : ''}>
<label for="identity-${escapeHtml(identity.id)}">${escapeHtml(c.given_name)} ${escapeHtml(c.family_name)}${usage}, ${t.bornOn} ${frenchDate(c.birthdate)} – ${escapeHtml(c.email)}${note}</label></div>`;
  }).join('\n');
  const alert = error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '';
  return page(lang, t.loginTitle, `<h1>${escapeHtml(t.loginTitle)}</h1>${alert}
<p>${escapeHtml(t.loginIntro)}</p>
<form method="post" action="${PREFIX}/interaction/${escapeHtml(uid)}/login">
<fieldset><legend>${escapeHtml(t.legend)}</legend>${choices}</fieldset>
<button class="primary" type="submit" id="standin-login">${escapeHtml(t.submit)}</button>
<button class="secondary" type="submit" name="cancel" value="1" id="standin-cancel">${escapeHtml(t.cancel)}</button>
</form>`);
}

// ---- The provider ---------------------------------------------------------------

const endSessions = []; // every GET <issuer>/session/end, as received (read by the tests)

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [brokerEndpoint],
    post_logout_redirect_uris: [`${brokerEndpoint}/logout_response`],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'ES256',
    userinfo_signed_response_alg: 'ES256',
  }],
  jwks: { keys: [signingKey()] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  acrValues: [ACR],
  claims: Object.fromEntries([['openid', ['sub']], ...CLAIMS.map((c) => [c, c === 'given_name' ? ['given_name', 'given_name_array'] : [c]])]),
  routes: { authorization: '/authorize', token: '/token', userinfo: '/userinfo', jwks: '/jwks', end_session: '/session/end' },
  // FranceConnect's tokens are short-lived; none of these is a refresh token.
  ttl: { AccessToken: 60, AuthorizationCode: 30, IdToken: 3600, Interaction: 600, Session: 3600, Grant: 3600 },
  features: {
    devInteractions: { enabled: false },
    jwtUserinfo: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        const lang = language(ctx.headers);
        const t = TEXTS[lang];
        // Like FranceConnect, sign out without asking: the page submits itself; the button is for browsers without JavaScript.
        const withLogout = form.replace('</form>', '<input type="hidden" name="logout" value="yes"></form>');
        ctx.type = 'html';
        ctx.body = page(lang, t.logoutTitle, `<h1>${escapeHtml(t.logoutTitle)}</h1><p>${escapeHtml(t.logoutText)}</p>${withLogout}
<button class="primary" type="submit" form="op.logoutForm" id="standin-logout">${escapeHtml(t.logoutButton)}</button>
<script>document.getElementById('op.logoutForm').submit();</script>`);
      },
      async postLogoutSuccessSource(ctx) {
        const lang = language(ctx.headers);
        ctx.type = 'html';
        ctx.body = page(lang, TEXTS[lang].logoutTitle, `<h1>${escapeHtml(TEXTS[lang].loggedOut)}</h1>`);
      },
    },
  },
  interactions: { url: (ctx, interaction) => `${PREFIX}/interaction/${interaction.uid}` },
  async renderError(ctx, out) {
    const lang = language(ctx.headers);
    ctx.type = 'html';
    ctx.body = page(lang, TEXTS[lang].errorTitle, `<h1>${escapeHtml(TEXTS[lang].errorTitle)}</h1>
<p><code>${escapeHtml(out.error)}</code> ${escapeHtml(out.error_description || '')}</p>`);
  },
  // No consent screen: FranceConnect shows its own, the stand-in grants what was asked.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      const existing = await ctx.oidc.provider.Grant.find(grantId);
      if (existing) return existing;
    }
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope([...(ctx.oidc.requestParamScopes || ['openid'])].join(' '));
    await grant.save();
    return grant;
  },
  async findAccount(ctx, sub) {
    const identity = identities.get(sub);
    if (!identity) return undefined;
    return { accountId: sub, async claims() { return { sub, ...identity.claims }; } };
  },
});

// FranceConnect refuses a malformed authorization request with its page "Y000400", without redirecting.
provider.use(async (ctx, next) => {
  if (ctx.path === '/authorize' && ctx.method === 'GET') {
    const { acr_values: acrValues, nonce, state } = ctx.query;
    const wrong = [];
    if (acrValues !== ACR) wrong.push('acr_values');
    if (typeof nonce !== 'string' || nonce.length < MIN_RANDOM_LENGTH) wrong.push('nonce');
    if (typeof state !== 'string' || state.length < MIN_RANDOM_LENGTH) wrong.push('state');
    if (wrong.length) {
      const lang = language(ctx.headers);
      ctx.status = 400;
      ctx.type = 'html';
      ctx.body = page(lang, TEXTS[lang].errorTitle, `<h1>${escapeHtml(TEXTS[lang].errorTitle)}</h1><p><code>Y000400</code> ${escapeHtml(wrong.join(', '))}</p>`);
      console.log(`refused an authorization request (Y000400): ${wrong.join(', ')}`);
      return;
    }
  }
  if (ctx.path === '/session/end' && ctx.method === 'GET') {
    endSessions.push({ ...ctx.query, received_at: new Date().toISOString() });
  }
  await next();
});

provider.on('end_session.success', () => console.log('end_session.success'));
provider.on('server_error', (ctx, error) => console.error('server_error', error));

// ---- Interactions (the identity chooser) and the test API ---------------------------

function readForm(req) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res, status, type, body) {
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' });
  res.end(body);
}

async function interaction(req, res, uid, step) {
  const details = await provider.interactionDetails(req, res);
  const lang = language(req.headers);
  if (details.uid !== uid) return send(res, 400, 'text/plain', 'interaction mismatch');
  if (details.prompt.name === 'consent') {
    const grant = new provider.Grant({ clientId: details.params.client_id, accountId: details.session.accountId });
    grant.addOIDCScope(details.params.scope);
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }
  if (step === undefined && req.method === 'GET') return send(res, 200, 'text/html', loginPage(lang, uid));
  if (step !== 'login' || req.method !== 'POST') return send(res, 405, 'text/plain', 'method not allowed');
  const form = new URLSearchParams(await readForm(req));
  if (form.get('cancel')) {
    return provider.interactionFinished(req, res, { error: 'access_denied', error_description: TEXTS[lang].cancelled },
      { mergeWithLastSubmission: false });
  }
  const chosen = [...identities.values()].find((identity) => identity.id === form.get('identity'));
  if (!chosen) return send(res, 200, 'text/html', loginPage(lang, uid, TEXTS[lang].pick));
  console.log(`signed in as the fictitious identity ${chosen.id}`);
  return provider.interactionFinished(req, res, { login: { accountId: chosen.sub, acr: ACR, amr: ['pwd'] } },
    { mergeWithLastSubmission: false });
}

async function testApi(req, res, path) {
  if (path === '/end-sessions' && req.method === 'GET') return send(res, 200, 'application/json', JSON.stringify(endSessions));
  if (path === '/identities' && req.method === 'GET') {
    return send(res, 200, 'application/json', JSON.stringify([...identities.values()].map(({ id, sub, claims }) => ({ id, sub, ...claims }))));
  }
  if (path === '/identities' && req.method === 'POST') {
    let identity;
    try {
      identity = checkIdentity(JSON.parse(await readForm(req)));
    } catch (error) {
      return send(res, 400, 'application/json', JSON.stringify({ error: error.message }));
    }
    identities.set(identity.sub, identity);
    return send(res, 201, 'application/json', JSON.stringify({ id: identity.id, sub: identity.sub }));
  }
  return send(res, 404, 'application/json', JSON.stringify({ error: 'not found' }));
}

const callback = provider.callback();

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    if (url.pathname.startsWith(`${TEST_PREFIX}/`)) return await testApi(req, res, url.pathname.slice(TEST_PREFIX.length));
    if (url.pathname !== PREFIX && !url.pathname.startsWith(`${PREFIX}/`)) return send(res, 404, 'text/plain', 'not found');
    const inner = url.pathname.slice(PREFIX.length) || '/';
    const match = inner.match(/^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login))?$/);
    if (match) return await interaction(req, res, match[1], match[2]);
    // The provider answers under the issuer's path, as if mounted there.
    req.originalUrl = req.url;
    req.url = inner + url.search;
    return callback(req, res);
  } catch (error) {
    console.error(error);
    if (!res.headersSent) send(res, error.name === 'SessionNotFound' ? 400 : 500, 'text/plain', String(error.message || error));
    return undefined;
  }
});

server.listen(port, HOST, () => {
  console.log(`FranceConnect stand-in (fictitious identities, development only) on ${issuer}`);
  console.log(`  client ${clientId}, redirect ${brokerEndpoint}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
