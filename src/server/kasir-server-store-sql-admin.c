/* kasir-server-store-sql-admin.c — the administration's reads that both backends run
 * alike (see kasir-server-store-sql.h): a terminal by its token, its signing key, an
 * enrollment code being redeemed. Each backend keeps its transactions, its locks
 * (@lock: PostgreSQL locks the rows it reads; SQLite's write transaction already holds
 * the database) and the ids its inserts return.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-store-sql.h"

gboolean
kasir_server_sql_authenticate (KasirServerSql  *sql,
                               const char      *token_hash,
                               gint64          *terminal_id,
                               gint64          *outlet_id,
                               GError         **error)
{
  KasirServerSqlRow row;
  g_autofree char *revoked_at = NULL;

  if (!kasir_server_sql_query_row (sql, error, &row,
                                   "SELECT t.id, t.outlet_id, r.revoked_at FROM terminals t"
                                   " LEFT JOIN terminal_revocations r ON r.terminal_id = t.id"
                                   " WHERE t.token_hash = ?", "t", token_hash))
    return FALSE;
  if (row.row == NULL)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_UNAUTHORIZED,
                   "unknown terminal token");
      return FALSE;
    }
  revoked_at = kasir_server_sql_row_text (&row, 2);
  if (revoked_at != NULL)
    g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_REVOKED,
                 "terminal %" G_GINT64_FORMAT " was revoked", kasir_server_sql_row_int (&row, 0));
  else
    {
      *terminal_id = kasir_server_sql_row_int (&row, 0);
      *outlet_id = kasir_server_sql_row_int (&row, 1);
    }
  kasir_server_sql_row_free (&row);
  return revoked_at == NULL;
}

gboolean
kasir_server_sql_get_signing_key (KasirServerSql  *sql,
                                  gint64           terminal_id,
                                  gint64          *out_outlet_id,
                                  char           **out_public_key,
                                  GError         **error)
{
  KasirServerSqlRow row;

  if (!kasir_server_sql_query_row (sql, error, &row,
                                   "SELECT t.outlet_id, k.public_key FROM terminal_keys k "
                                   "JOIN terminals t ON t.id = k.terminal_id WHERE k.terminal_id = ?", "i",
                                   terminal_id))
    return FALSE;
  if (row.row == NULL)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_NOT_FOUND,
                   "terminal %" G_GINT64_FORMAT " has no signing key registered", terminal_id);
      return FALSE;
    }
  if (out_outlet_id != NULL)
    *out_outlet_id = kasir_server_sql_row_int (&row, 0);
  *out_public_key = kasir_server_sql_row_text (&row, 1);
  kasir_server_sql_row_free (&row);
  return TRUE;
}

gboolean
kasir_server_sql_require_terminal (KasirServerSql  *sql,
                                   gint64           terminal_id,
                                   gboolean         lock,
                                   GError         **error)
{
  KasirServerSqlRow row;
  gboolean found;

  if (!kasir_server_sql_query_row (sql, error, &row,
                                   lock ? "SELECT 1 FROM terminals WHERE id = ? FOR UPDATE"
                                        : "SELECT id FROM terminals WHERE id = ?", "i", terminal_id))
    return FALSE;
  found = row.row != NULL;
  kasir_server_sql_row_free (&row);
  if (!found)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_NOT_FOUND,
                   "no terminal %" G_GINT64_FORMAT, terminal_id);
      return FALSE;
    }
  return TRUE;
}

gboolean
kasir_server_sql_check_signing_key (KasirServerSql  *sql,
                                    gint64           terminal_id,
                                    const char      *public_key,
                                    gboolean        *registered,
                                    GError         **error)
{
  KasirServerSqlRow row;
  g_autofree char *existing = NULL;

  *registered = FALSE;
  if (!kasir_server_sql_query_row (sql, error, &row,
                                   "SELECT public_key FROM terminal_keys WHERE terminal_id = ?", "i", terminal_id))
    return FALSE;
  if (row.row == NULL)
    return TRUE;
  existing = kasir_server_sql_row_text (&row, 0);
  kasir_server_sql_row_free (&row);
  if (g_strcmp0 (existing, public_key) != 0)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_EXISTS,
                   "terminal %" G_GINT64_FORMAT " already has another signing key", terminal_id);
      return FALSE;
    }
  *registered = TRUE;
  return TRUE;
}

gboolean
kasir_server_sql_take_enroll_code (KasirServerSql  *sql,
                                   const char      *code_hash,
                                   gint64           now,
                                   gboolean         lock,
                                   gint64          *code_id,
                                   gint64          *outlet,
                                   GError         **error)
{
  KasirServerSqlRow row;
  g_autofree char *used_at = NULL;
  gint64 expires;

  if (!kasir_server_sql_query_row (sql, error, &row,
                                   lock ? "SELECT id, outlet_id, expires_at, used_at FROM enroll_codes"
                                          " WHERE code_hash = ? FOR UPDATE"
                                        : "SELECT id, outlet_id, expires_at, used_at FROM enroll_codes"
                                          " WHERE code_hash = ?", "t", code_hash))
    return FALSE;
  if (row.row == NULL)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_NOT_FOUND,
                   "unknown or already used enrollment code");
      return FALSE;
    }
  *code_id = kasir_server_sql_row_int (&row, 0);
  *outlet = kasir_server_sql_row_int (&row, 1);
  expires = kasir_server_sql_row_int (&row, 2);
  used_at = kasir_server_sql_row_text (&row, 3);
  kasir_server_sql_row_free (&row);
  if (used_at != NULL)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_NOT_FOUND,
                   "unknown or already used enrollment code");
      return FALSE;
    }
  if (now >= expires)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_EXPIRED,
                   "enrollment code expired");
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
kasir_server_sql_list_outlets (KasirServerSql  *sql,
                               GError         **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_server_outlet_free);
  KasirServerSqlRow rows;
  int rc;

  if (!kasir_server_sql_query_rows (sql, error, &rows, "SELECT id, name FROM outlets ORDER BY id", NULL))
    return NULL;
  while ((rc = kasir_server_sql_row_next (&rows, error)) > 0)
    {
      KasirServerOutlet *o = g_new0 (KasirServerOutlet, 1);

      o->id = kasir_server_sql_row_int (&rows, 0);
      o->name = kasir_server_sql_row_text (&rows, 1);
      g_ptr_array_add (out, o);
    }
  return rc == 0 ? g_steal_pointer (&out) : NULL;
}

gboolean
kasir_server_sql_get_metrics (KasirServerSql           *sql,
                              KasirServerStoreMetrics  *out,
                              GError                  **error)
{
  KasirServerSqlRow rows;
  int rc;

  if (!kasir_server_sql_query_row (sql, error, &rows, "SELECT COUNT(*) FROM conflicts WHERE status = 'open'",
                                   NULL))
    return FALSE;
  out->open_conflicts = rows.row != NULL ? kasir_server_sql_row_int (&rows, 0) : 0;
  kasir_server_sql_row_free (&rows);
  out->terminals = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_server_terminal_info_free);
  if (!kasir_server_sql_query_rows (sql, error, &rows, "SELECT id, outlet_id, name, last_seq, last_push_at "
                                    "FROM terminals ORDER BY id", NULL))
    return FALSE;
  while ((rc = kasir_server_sql_row_next (&rows, error)) > 0)
    {
      KasirServerTerminalInfo *t = g_new0 (KasirServerTerminalInfo, 1);

      t->terminal_id = kasir_server_sql_row_int (&rows, 0);
      t->outlet_id = kasir_server_sql_row_int (&rows, 1);
      t->name = kasir_server_sql_row_text (&rows, 2);
      t->last_seq = kasir_server_sql_row_int (&rows, 3);
      t->last_push_unix = kasir_server_sql_row_int (&rows, 4);
      g_ptr_array_add (out->terminals, t);
    }
  return rc == 0;
}

char *
kasir_server_sql_free_terminal_name (KasirServerSql  *sql,
                                     gint64           outlet,
                                     const char      *wanted,
                                     GError         **error)
{
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  KasirServerSqlRow rows;
  int rc;

  if (!kasir_server_sql_query_rows (sql, error, &rows, "SELECT name FROM terminals WHERE outlet_id = ?", "i",
                                    outlet))
    return NULL;
  while ((rc = kasir_server_sql_row_next (&rows, error)) > 0)
    g_hash_table_add (taken, kasir_server_sql_row_text (&rows, 0));
  if (rc < 0)
    return NULL;
  return kasir_server_store_free_terminal_name (wanted, taken);
}
