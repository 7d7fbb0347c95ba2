// Who is asking, the way Wiki.js 2.5's `authenticate` middleware (server/core/auth.js)
// decides it: a JWT from `Authorization: Bearer` or else the `jwt` cookie; a token that is
// missing, forged or expired too long ago makes the caller the guest; a token issued before
// the server started (or before its group was changed), or expired within the renewal
// period, is renewed, and the new one goes back in a `new-jwt` header when the request's
// content-type is exactly `application/json` (else in a `jwt` cookie).
//
// Tokens are HS256 with a per-process secret (Wiki.js uses RS256; nothing outside the
// stand-in ever checks the signature), carrying Wiki.js's claims plus a serial `n` so tests
// can tell tokens apart.

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const AUDIENCE = 'urn:wiki.js';
const ISSUER = 'urn:wiki.js';
const EXPIRATION_S = 30 * 60; // auth.tokenExpiration: 30m
const RENEWAL_S = 14 * 24 * 3600; // auth.tokenRenewal: 14d

const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

export class Tokens {
  constructor() {
    this.secret = randomBytes(32);
    this.serial = 0;
    // Wiki.js compares `iat` (whole seconds) with its start time; a second's margin keeps a
    // token issued right after start from counting as "issued before".
    this.startedAt = Date.now() - 1000;
    this.revoked = new Map(); // `g<id>` → ms: tokens of that group's members issued before are renewed
  }

  /** A token for `user` (a users row), as `WIKI.models.users.refreshToken` makes one. */
  issue(user, groups, { issuedAt = Date.now(), lifetime = EXPIRATION_S } = {}) {
    const iat = Math.floor(issuedAt / 1000);
    this.serial += 1;
    const payload = {
      id: user.id,
      email: user.email,
      name: user.name,
      av: null,
      tz: 'America/New_York',
      lc: 'en',
      df: '',
      ap: '',
      permissions: permissionsOf(user, groups),
      groups: [...user.groups],
      n: this.serial,
      iat,
      exp: iat + lifetime,
      aud: AUDIENCE,
      iss: ISSUER,
    };
    const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
    return `${head}.${this.sign(head)}`;
  }

  sign(head) {
    return createHmac('sha256', this.secret).update(head).digest('base64url');
  }

  /** The payload of a token this process signed, with `expired` set when past `exp`. */
  verify(token) {
    const parts = typeof token === 'string' ? token.split('.') : [];
    if (parts.length !== 3) return null;
    const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    let payload;
    try {
      payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    if (payload.aud !== AUDIENCE || payload.iss !== ISSUER) return null;
    return { ...payload, expired: payload.exp * 1000 <= Date.now() };
  }

  /** The serial of a token, or null for one this process did not sign. */
  serialOf(token) {
    return this.verify(token)?.n ?? null;
  }

  revokeGroup(id) {
    this.revoked.set(`g${id}`, Date.now());
  }

  /** Whether a valid payload must be re-issued before use. */
  mustRenew(payload) {
    if (payload.expired) return payload.exp * 1000 > Date.now() - RENEWAL_S * 1000;
    if (payload.iat * 1000 <= this.startedAt) return true;
    return payload.groups.some((g) => (this.revoked.get(`g${g}`) ?? 0) > payload.iat * 1000);
  }
}

export function permissionsOf(user, groups) {
  const set = new Set();
  for (const g of groups.filter((g) => user.groups.includes(g.id))) for (const p of g.permissions) set.add(p);
  return [...set];
}

/** The token a request carries: Bearer header first, then the `jwt` cookie. */
export function extractToken(headers) {
  const authorization = headers.authorization ?? '';
  const bearer = /^Bearer\s+(.+)$/i.exec(authorization);
  if (bearer) return { via: 'bearer', token: bearer[1].trim() };
  for (const part of (headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === 'jwt' && rest.length) return { via: 'cookie', token: decodeURIComponent(rest.join('=')) };
  }
  return { via: 'none', token: null };
}

/**
 * `req.user` for one request, and what to send back: {user, renewed: token | null, carried}.
 * `user` is a payload-like object with `permissions` and `groups`, the guest when in doubt.
 */
export function authenticate(headers, state, tokens) {
  const { via, token } = extractToken(headers);
  const payload = token ? tokens.verify(token) : null;
  const guest = state.users.find((u) => u.id === 2);
  const asUser = (row) => ({ id: row.id, email: row.email, name: row.name, permissions: permissionsOf(row, state.groups), groups: [...row.groups] });
  const carried = { via, serial: payload?.n ?? (token ? 'invalid' : null) };
  if (payload && tokens.mustRenew(payload)) {
    const row = state.users.find((u) => u.id === payload.id);
    if (row) {
      const renewed = tokens.issue(row, state.groups);
      return { user: asUser(row), renewed, carried };
    }
  }
  if (!payload || payload.expired) return { user: guest ? asUser(guest) : null, renewed: null, carried };
  return { user: { id: payload.id, email: payload.email, name: payload.name, permissions: payload.permissions, groups: payload.groups }, renewed: null, carried };
}

/** graphql-rate-limit-directive's fixed window, keyed by caller and field. */
export class RateLimiter {
  constructor() {
    this.windows = new Map();
  }

  /** Milliseconds to wait when over the limit, else 0 (and the call is counted). */
  consume(key, limit, durationS, now = Date.now()) {
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + durationS * 1000 };
      this.windows.set(key, window);
    }
    window.count += 1;
    return window.count > limit ? window.resetAt - now : 0;
  }
}
