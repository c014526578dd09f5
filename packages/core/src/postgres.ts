export { type Migration, migrate, quoteIdent, type SqlClient, withTransaction } from './sql';
export {
  coreMigrations,
  createPostgresIdempotencyStore,
  createPostgresKeyValueStore,
  migrateCore,
} from './stores/postgres';
