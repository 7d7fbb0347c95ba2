// The wiki the end-to-end tests start from: a real-looking Wiki.js with several kinds of
// strategy around one Keycloak strategy, so "every other strategy survives" means something.

export const KC = '3b241101-e2bb-4255-8caf-4136c566a962';

export const WIKI = {
  site: { host: 'https://wiki.example.com' },
  strategies: [
    {
      key: '9f1c2d3e-0000-4000-8000-00000000aaaa',
      strategyKey: 'github',
      displayName: 'GitHub',
      order: 1,
      config: { clientId: 'gh-client', clientSecret: 'gh-secret', enterpriseDomain: '', enterpriseUserEndpoint: '', useEnterprise: false },
      selfRegistration: true,
      domainWhitelist: ['example.com'],
      autoEnrollGroups: [2],
    },
    {
      key: KC,
      strategyKey: 'keycloak',
      displayName: 'Keycloak',
      order: 2,
      config: {
        host: 'https://sso.example.com',
        realm: 'wiki',
        clientId: 'wikijs',
        clientSecret: 'old-secret',
        authorizationURL: 'https://sso.example.com/realms/wiki/protocol/openid-connect/auth',
        tokenURL: 'https://sso.example.com/realms/wiki/protocol/openid-connect/token',
        userInfoURL: 'https://sso.example.com/realms/wiki/protocol/openid-connect/userinfo',
        logoutUpstream: true,
        logoutURL: 'https://sso.example.com/realms/wiki/protocol/openid-connect/logout',
        logoutUpstreamRedirectLegacy: false,
      },
    },
    {
      key: 'c0ffee00-0000-4000-8000-00000000bbbb',
      strategyKey: 'ldap',
      displayName: 'Corporate LDAP',
      order: 3,
      isEnabled: false,
      config: { url: 'ldap://dc.example.com:389', bindDn: 'cn=wiki', bindCredentials: 'pw', searchBase: 'ou=people', searchFilter: '(uid={{username}})', tlsEnabled: false, verifyTLSCertificate: true, mapGroups: false },
    },
  ],
};

/** The mutation Wiki.js's own admin page sends: replace the whole list. */
export const UPDATE =
  'mutation ($strategies: [AuthenticationStrategyInput]!) { authentication { updateStrategies(strategies: $strategies) { responseResult { succeeded errorCode slug message } } } }';

/** An activeStrategies entry back in input form, `{v: value}` config and all. */
export function asInput(entry, order) {
  return {
    key: entry.key,
    strategyKey: entry.strategy.key,
    displayName: entry.displayName,
    order,
    isEnabled: entry.isEnabled,
    config: entry.config.map(({ key, value }) => ({ key, value: JSON.stringify({ v: JSON.parse(value).value }) })),
    selfRegistration: entry.selfRegistration,
    domainWhitelist: entry.domainWhitelist,
    autoEnrollGroups: entry.autoEnrollGroups,
  };
}
