// Resolvers that do what Wiki.js 2.5.314's do (server/graph/resolvers/*.js), over the
// stand-in's in-memory state, plus the two schema directives: @auth (server/graph/
// directives/auth.js) and @rateLimit (graphql-rate-limit-directive, 5 logins a minute).

import { GraphQLError, defaultFieldResolver, getDirectiveValues } from 'graphql';

/** An error whose message Apollo 2 also shows in `extensions.exception` (a GraphQLError's
 *  own enumerable `message`, as graphql 15 made it): contract 56 and 62. */
export class ExposedError extends GraphQLError {
  constructor(message) {
    super(message);
    this.exposed = { message };
  }
}

/** Wiki.js's `WIKI.Error` classes: a name (the slug) and a numeric code. */
class WikiError extends Error {
  constructor(name, code, message) {
    super(message);
    this.name = name;
    this.code = code;
  }
}

const success = (message) => ({ succeeded: true, errorCode: 0, slug: 'ok', message });

/** server/helpers/graph.js generateError. */
const failure = (err) => ({
  succeeded: false,
  errorCode: Number.isFinite(err.code) ? err.code : 1,
  slug: err.name,
  message: err.message || 'An unexpected error occured.',
});

const sortByKey = (list) => [...list].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

/** WIKI.models.authentication.getStrategies: rows sorted by order (stable), lists unwrapped. */
function getStrategies(state, enabledOnly = false) {
  return state.strategies
    .filter((s) => !enabledOnly || s.isEnabled)
    .map((s) => ({ ...s, domainWhitelist: s.domainWhitelist?.v ?? [], autoEnrollGroups: s.autoEnrollGroups?.v ?? [] }))
    .map((s, index) => ({ s, index }))
    .sort((a, b) => a.s.order - b.s.order || a.index - b.index)
    .map(({ s }) => s);
}

/** safe-regex's star height check: a quantified group that itself holds a quantifier. */
export function isUnsafeRegex(source) {
  let text = source;
  try {
    new RegExp(text);
  } catch {
    return true;
  }
  const stack = [{ quantified: false }];
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '\\') {
      i += 1;
    } else if (c === '[') {
      while (i < text.length && text[i] !== ']') i += text[i] === '\\' ? 2 : 1;
    } else if (c === '(') {
      stack.push({ quantified: false });
    } else if (c === ')') {
      const inner = stack.pop() ?? { quantified: false };
      const next = text[i + 1];
      if ((next === '*' || next === '+' || next === '{') && inner.quantified) return true;
      if (stack.length && (inner.quantified || next === '*' || next === '+' || next === '{')) stack[stack.length - 1].quantified = true;
    } else if (c === '*' || c === '+' || c === '{') {
      stack[stack.length - 1].quantified = true;
    }
  }
  return false;
}

/**
 * @param {object} world {state, definitions, tokens, limiter}
 */
export function makeResolvers(world) {
  const { definitions } = world;
  const users = () => world.state.users;
  const groupRows = () => world.state.groups;

  return {
    Query: {
      authentication: () => ({}),
      groups: () => ({}),
      site: () => ({}),
    },
    Mutation: {
      authentication: () => ({}),
      groups: () => ({}),
      site: () => ({}),
    },
    AuthenticationQuery: {
      async strategies() {
        return definitions.map((stg) => ({
          ...stg,
          isAvailable: stg.isAvailable === true,
          props: sortByKey(Object.entries(stg.props).map(([key, value]) => ({ key, value: JSON.stringify(value) }))),
        }));
      },
      async activeStrategies(obj, args) {
        return getStrategies(world.state, args.enabledOnly).map((stg) => {
          const strategyInfo = definitions.find((d) => d.key === stg.strategyKey) ?? {};
          const config = [];
          for (const [key, value] of Object.entries(stg.config ?? {})) {
            const configData = strategyInfo.props?.[key];
            if (configData) config.push({ key, value: JSON.stringify({ ...configData, value }) });
          }
          return { ...stg, strategy: strategyInfo, config: sortByKey(config) };
        });
      },
    },
    AuthenticationMutation: {
      async login(obj, args) {
        try {
          const user = users().find((u) => u.providerKey === 'local' && u.email.toLowerCase() === args.username.toLowerCase());
          if (args.strategy !== 'local') throw new WikiError('AuthProviderInvalid', 1003, 'Invalid authentication provider.');
          if (!user || user.password === null || user.password !== args.password) {
            throw new WikiError('AuthLoginFailed', 1002, 'Invalid email / username or password.');
          }
          return { jwt: world.tokens.issue(user, groupRows()), redirect: '/', responseResult: success('Login success') };
        } catch (err) {
          return { responseResult: failure(err) };
        }
      },
      async updateStrategies(obj, args) {
        const state = world.state;
        try {
          const previousStrategies = getStrategies(state);
          for (const str of args.strategies) {
            const config = {};
            for (const pair of str.config ?? []) {
              // _.get(JSON.parse(value.value), 'v', null): a SyntaxError aborts the rest.
              const parsed = JSON.parse(pair.value);
              const v = parsed !== null && typeof parsed === 'object' && 'v' in parsed ? parsed.v : undefined;
              config[pair.key] = v === undefined ? null : v;
            }
            const row = {
              key: str.key,
              strategyKey: str.strategyKey,
              displayName: str.displayName,
              order: str.order,
              isEnabled: str.isEnabled,
              config,
              selfRegistration: str.selfRegistration,
              domainWhitelist: { v: str.domainWhitelist },
              autoEnrollGroups: { v: str.autoEnrollGroups },
            };
            const index = state.strategies.findIndex((s) => s.key === str.key);
            if (index >= 0) state.strategies[index] = row;
            else state.strategies.push(row);
          }
          const kept = new Set(args.strategies.map((s) => s.key));
          for (const str of previousStrategies.filter((s) => !kept.has(s.key))) {
            if (users().some((u) => u.providerKey === str.key)) {
              throw new Error(`Cannot delete ${str.displayName} as 1 or more users are still using it.`);
            }
            state.strategies = state.strategies.filter((s) => s.key !== str.key);
          }
          return { responseResult: success('Strategies updated successfully') };
        } catch (err) {
          return { responseResult: failure(err) };
        }
      },
    },
    GroupQuery: {
      async list() {
        return groupRows().map((g) => ({ ...g, userCount: users().filter((u) => u.groups.includes(g.id)).length }));
      },
      async single(obj, args) {
        return groupRows().find((g) => g.id === args.id) ?? null;
      },
    },
    Group: {
      users: (group) => users().filter((u) => u.groups.includes(group.id)),
    },
    GroupMutation: {
      async update(obj, args) {
        if (args.pageRules.some((rule) => rule.match === 'REGEX' && isUnsafeRegex(rule.path))) {
          throw new ExposedError('Some Page Rules contains unsafe or exponential time regex.');
        }
        const group = groupRows().find((g) => g.id === args.id);
        if (group) {
          Object.assign(group, {
            name: args.name,
            redirectOnLogin: args.redirectOnLogin,
            permissions: args.permissions,
            pageRules: args.pageRules,
            updatedAt: new Date().toISOString(),
          });
          world.tokens.revokeGroup(group.id);
        }
        return { responseResult: success('Group has been updated.') };
      },
    },
    SiteQuery: {
      async config() {
        return { ...world.state.site };
      },
    },
    SiteMutation: {
      async updateConfig(obj, args) {
        try {
          const site = world.state.site;
          if (args.host) {
            let host = args.host.trim();
            if (host.endsWith('/')) host = host.slice(0, -1);
            site.host = host;
          }
          if (args.title) site.title = args.title.trim();
          if ('description' in args) site.description = args.description;
          for (const key of ['authAutoLogin', 'authEnforce2FA', 'authHideLocal', 'authLoginBgUrl', 'authJwtAudience', 'authJwtExpiration', 'authJwtRenewablePeriod']) {
            if (key in args) site[key] = args[key];
          }
          return { responseResult: success('Site configuration updated successfully') };
        } catch (err) {
          return { responseResult: failure(err) };
        }
      },
    },
  };
}

/** Attach `resolvers` to `schema`, wrapping the fields that carry @auth or @rateLimit. */
export function attachResolvers(schema, resolvers, world) {
  const authDirective = schema.getDirective('auth');
  const rateDirective = schema.getDirective('rateLimit');
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || typeof type.getFields !== 'function' || type.astNode?.kind !== 'ObjectTypeDefinition') continue;
    for (const field of Object.values(type.getFields())) {
      let resolve = resolvers[type.name]?.[field.name] ?? defaultFieldResolver;
      const auth = field.astNode && getDirectiveValues(authDirective, field.astNode);
      if (auth) {
        const inner = resolve;
        const requires = auth.requires ?? [];
        resolve = async function authorised(source, args, context, info) {
          const user = context.user;
          if (!user) throw new Error('Unauthorized');
          if (!user.permissions.some((p) => requires.includes(p))) throw new Error('Forbidden');
          return inner.call(this, source, args, context, info);
        };
      }
      const rate = field.astNode && getDirectiveValues(rateDirective, field.astNode);
      if (rate) {
        const inner = resolve;
        resolve = async function limited(source, args, context, info) {
          const wait = world.limiter.consume(`${context.ip}:${info.parentType.name}.${info.fieldName}`, rate.limit, rate.duration);
          if (wait > 0) throw new ExposedError(`Too many requests, please try again in ${Math.ceil(wait / 1000)} seconds.`);
          return inner.call(this, source, args, context, info);
        };
      }
      field.resolve = resolve;
    }
  }
}
