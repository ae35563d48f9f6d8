/** Users, their roles and bearer tokens (stored hashed), and the bootstrap credential. */
export {
  BOOTSTRAP_ACTOR,
  actorForToken,
  createUser,
  disableAdminToken,
  hashToken,
  listUsers,
  revokeUser,
  setUserScope,
} from './users.service.js';
export { MAY_CARRY as SCOPE_AXES, type KnownSources } from './scopes.service.js';
export {
  ABSOLUTE_HOURS,
  IDLE_HOURS,
  openSession,
  resolveSession,
  setSessionLang,
  signOut,
  type ConsoleSession,
} from './sessions.service.js';
