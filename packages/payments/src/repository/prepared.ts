import type { SqlClient } from '@medflow/core';

interface PgQueryable {
  query(config: { name: string; text: string; values?: unknown[] }): Promise<{ rows: unknown[] }>;
}

const names = new Map<string, string>();

/** A node-postgres Client (checked out or single) or Pool; PGlite has neither mark. */
const isNodePostgres = (sql: SqlClient): boolean => {
  const c = sql as unknown as { escapeLiteral?: unknown; totalCount?: unknown; connect?: unknown };
  return typeof c.escapeLiteral === 'function' || (typeof c.connect === 'function' && 'totalCount' in c);
};

/**
 * On node-postgres, sends each distinct statement as a named prepared statement, so the
 * server parses and plans it once per connection instead of on every event (node-postgres
 * prepares a name on each pooled connection the first time that connection runs it).
 * Anything else (PGlite) is returned as it is.
 */
export function withPreparedStatements(sql: SqlClient): SqlClient {
  if (!isNodePostgres(sql)) return sql;
  const pg = sql as unknown as PgQueryable;
  return {
    query<R>(text: string, params?: unknown[]) {
      let name = names.get(text);
      if (!name) {
        name = `medflow_payments_${names.size}`;
        names.set(text, name);
      }
      return pg.query({ name, text, values: params ?? [] }) as Promise<{ rows: R[] }>;
    },
  };
}
