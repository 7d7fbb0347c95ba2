// The stand-in's data: what Wiki.js 2.5.314 holds right after its setup wizard (the state
// the contract recordings start from), and the test-only seeding on top of it.
//
// The authentication module definitions are Wiki.js's `definition.yml` files as its own
// `strategies` query returned them (contract 03): they are read from the recording at start
// rather than copied, so the stand-in cannot drift from it.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The recordings, beside the repository (`../shared`), as CI lays them out. */
export const CONTRACTS = resolve(here, '../../../../shared/contracts/wikijs-2.5.314');

/** The admin account the recordings were made with. */
export const ADMIN = { email: 'admin@example.com', password: 'wikijs-admin-pass' };

/**
 * Module definitions ({key, title, …, props: {propKey: normalisedProp}}), in Wiki.js's order.
 * @param {string} [file] a `strategies { … props { key value } }` answer
 */
export function loadDefinitions(file = resolve(CONTRACTS, '03-auth-strategies-full.response.json')) {
  const answer = JSON.parse(readFileSync(file, 'utf8'));
  return answer.data.authentication.strategies.map((strategy) => {
    const props = {};
    for (const { key, value } of strategy.props) props[key] = JSON.parse(value);
    return { ...strategy, icon: null, props };
  });
}

const READ_ROLES = ['read:pages', 'read:assets', 'read:comments'];

/** `defaultPermissions` and the default page rule of a new group (server/app/data.yml). */
export const NEW_GROUP_PERMISSIONS = [...READ_ROLES, 'write:comments'];

/** A fresh post-setup state. `now` stamps the rows the wizard created. */
export function freshState(now = new Date()) {
  const at = now.toISOString();
  return {
    // The `authentication` table. config, domainWhitelist and autoEnrollGroups are stored
    // the way Wiki.js stores them (`{v: …}` for the two lists).
    strategies: [
      {
        key: 'local',
        strategyKey: 'local',
        displayName: 'Local',
        order: 0,
        isEnabled: true,
        config: {},
        selfRegistration: false,
        domainWhitelist: { v: [] },
        autoEnrollGroups: { v: [] },
      },
    ],
    groups: [
      group(1, 'Administrators', ['manage:system'], [], true, at),
      group(2, 'Guests', READ_ROLES, [rule('guest', READ_ROLES)], true, at),
    ],
    users: [
      { id: 1, email: ADMIN.email, name: 'Administrator', password: ADMIN.password, providerKey: 'local', groups: [1], isSystem: false, createdAt: at },
      { id: 2, email: 'guest@example.com', name: 'Guest', password: null, providerKey: 'local', groups: [2], isSystem: true, createdAt: at },
    ],
    // WIKI.config as site.config reads it (server/app/data.yml defaults after setup).
    site: {
      host: 'http://127.0.0.1:3000',
      title: 'Wiki.js',
      description: '',
      robots: ['index', 'follow'],
      analyticsService: '',
      analyticsId: '',
      company: '',
      contentLicense: '',
      footerOverride: '',
      logoUrl: 'https://static.requarks.io/logo/wikijs-butterfly.svg',
      pageExtensions: 'md, html, txt',
      authAutoLogin: null,
      authEnforce2FA: null,
      authHideLocal: null,
      authLoginBgUrl: null,
      authJwtAudience: 'urn:wiki.js',
      authJwtExpiration: '30m',
      authJwtRenewablePeriod: '14d',
      editFab: true,
      editMenuBar: false,
      editMenuBtn: true,
      editMenuExternalBtn: true,
      editMenuExternalName: 'GitHub',
      editMenuExternalIcon: 'mdi-github',
      editMenuExternalUrl: 'https://github.com/org/repo/blob/main/{filename}',
      featurePageRatings: true,
      featurePageComments: true,
      featurePersonalWikis: true,
      securityOpenRedirect: true,
      securityIframe: true,
      securityReferrerPolicy: true,
      securityTrustProxy: false,
      securitySRI: true,
      securityHSTS: false,
      securityHSTSDuration: 300,
      securityCSP: false,
      securityCSPDirectives: '',
      uploadMaxFileSize: 5242880,
      uploadMaxFiles: 10,
      uploadScanSVG: true,
      uploadForceDownload: true,
    },
  };
}

function group(id, name, permissions, pageRules, isSystem, at) {
  return { id, name, isSystem, redirectOnLogin: '/', permissions: [...permissions], pageRules, createdAt: at, updatedAt: at };
}

function rule(id, roles) {
  return { id, deny: false, match: 'START', roles: [...roles], path: '', locales: [] };
}

/**
 * Add to (or replace in) the state, the way an admin would have set things up before:
 * - strategies: rows by key ({key, strategyKey, displayName?, order?, isEnabled?, config
 *   (plain values), selfRegistration?, domainWhitelist?, autoEnrollGroups?});
 * - groups: by id ({id, name, permissions?, pageRules?}); new groups get Wiki.js's defaults;
 * - users: by id ({id, email, name, providerKey, groups});
 * - site: fields of site.config.
 */
export function seed(state, { strategies = [], groups = [], users = [], site = {} } = {}, now = new Date()) {
  const at = now.toISOString();
  for (const s of strategies) {
    const row = {
      key: s.key,
      strategyKey: s.strategyKey,
      displayName: s.displayName ?? s.strategyKey,
      order: s.order ?? state.strategies.length,
      isEnabled: s.isEnabled ?? true,
      config: { ...(s.config ?? {}) },
      selfRegistration: s.selfRegistration ?? false,
      domainWhitelist: { v: s.domainWhitelist ?? [] },
      autoEnrollGroups: { v: s.autoEnrollGroups ?? [] },
    };
    upsert(state.strategies, row, 'key');
  }
  for (const g of groups) {
    const permissions = g.permissions ?? NEW_GROUP_PERMISSIONS;
    const pageRules = g.pageRules ?? [rule('default', NEW_GROUP_PERMISSIONS)];
    upsert(state.groups, group(g.id, g.name, permissions, pageRules, g.isSystem ?? false, at), 'id');
  }
  for (const u of users) {
    upsert(state.users, { password: null, isSystem: false, createdAt: at, ...u }, 'id');
  }
  Object.assign(state.site, site);
  return state;
}

function upsert(list, item, key) {
  const index = list.findIndex((x) => x[key] === item[key]);
  if (index >= 0) list[index] = item;
  else list.push(item);
}
