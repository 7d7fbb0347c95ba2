#!/usr/bin/env node
// `make lab`: the sign-in lab, for a person to click through. Starts the lab's Keycloak (26,
// realm `wiki`, a confidential client `wikijs` from a client export that registers the
// wiki's callback), the stand-in Wiki.js with the real sign-in side in its own network
// namespace, and the page, then prints where to go. Addresses only (no names to map): the
// wiki's Site URL is its veth address, Keycloak is on this side of the pair. Ctrl-C stops it
// and removes the namespace.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { startLab, DIST } from './lab.mjs';
import { KEY, CLIENT_ID, SECRET, clientExport, seedWiki } from './flow.mjs';

const lab = await startLab({ byAddress: true });
const client = clientExport(lab);
lab.kc.configure({ version: Number(process.env.LAB_KEYCLOAK_VERSION ?? 26), client });
await seedWiki(lab);
const exportFile = join(lab.dir, 'client-export.json');
writeFileSync(exportFile, JSON.stringify(client, null, 2));
const token = await lab.token();
const keycloak = lab.https(lab.ns.outer);
const configurator = `${lab.site}/_wkc/?${new URLSearchParams({ mode: 'wiki', endpoint: '/graphql', token, strategy: KEY })}`;
console.log(`
Sign-in lab (page from ${DIST})

  1. Configure: ${configurator}
       Host ${keycloak}   Realm wiki   Client ID ${CLIENT_ID}   Client secret ${SECRET}
       Self-registration on, auto-enroll group "Readers", then Save.
  2. Sign in:   ${lab.site}/login/${KEY}
       Keycloak user: ${lab.users[0].username} / ${lab.users[0].password}  (also ${lab.users[1].username} / ${lab.users[1].password})
  3. Log out:   ${lab.site}/logout

  Keycloak ${process.env.LAB_KEYCLOAK_VERSION ?? 26} (LAB_KEYCLOAK_VERSION=…): ${keycloak}/realms/wiki/.well-known/openid-configuration
  Its client, from the export in ${exportFile}
  The browser must accept the lab CA's certificate (${lab.ca.caFile}); the wiki's server trusts it.
  The wiki's server runs in network namespace ${lab.ns.name}: its localhost is not yours.

Ctrl-C stops the lab.`);
const stop = async () => {
  await lab.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
