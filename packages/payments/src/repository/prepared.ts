import type { SqlClient } from '@medflow/core';

interface PgQueryable {
  query(config: { name: string; text: string; values?: unknown[] }): Promise<{ rows: unknown[] }>;
  escapeLiteral?: unknown;
}

const names = new Map<string, string>();

/**
 * On a node-postgres connection, sends each distinct statement as a named prepared
 * statement, so the server parses and plans it once per connection instead of on every
 * event. Anything else (PGlite) is returned as it is. Only for a single checked-out
 * connection, such as a transaction's: names are per connection.
 */
export function withPreparedStatements(sql: SqlClient): SqlClient {
  const pgClient = sql as unknown as PgQueryable;
  if (typeof pgClient.escapeLiteral !== 'function') return sql;
  return {
    query<R>(text: string, params?: unknown[]) {
      let name = names.get(text);
      if (!name) {
        name = `medflow_payments_${names.size}`;
        names.set(text, name);
      }
      return pgClient.query({ name, text, values: params ?? [] }) as Promise<{ rows: R[] }>;
    },
  };
}
