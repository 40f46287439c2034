/* kasir-server-store-sqlite-admin.c — the SQLite backend's administration: outlets,
 * enrollment and tokens, staff, signing keys and revocation, metrics, and the catalog
 * import and demo data (their rules in kasir-server-apply-import.c), each in one
 * transaction.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include <string.h>

#include "kasir-roles.h"
#include "kasir-server-apply.h"
#include "kasir-server-store-sqlite-private.h"

/* ---- Outlets and enrollment ---- */

gboolean
kasir_sqlite_add_outlet (KasirServerStore  *store,
                   const char        *name,
                   gint64            *out_id,
                   GError           **error)
{
  KasirSqliteStore *self = (KasirSqliteStore *) store;
  gint64 id;

  if (!kasir_sqlite_begin_write (self, error))
    return FALSE;
  if (!kasir_sqlite_run (self, error, "INSERT INTO outlets (name, created_at) VALUES (?, ?)", "ti",
            name, kasir_sqlite_now_unix ()))
    goto fail;
  id = sqlite3_last_insert_rowid (self->db);
  if (!kasir_sqlite_audit (self, "admin", "outlet.add", name, error) || !kasir_sqlite_commit (self, error))
    goto fail;
  if (out_id != NULL)
    *out_id = id;
  return TRUE;

fail:
  kasir_sqlite_rollback (self);
  return FALSE;
}

GPtrArray *
kasir_sqlite_list_outlets (KasirServerStore  *store,
                     GError           **error)
{
  KasirServerSql sql = kasir_sqlite_sql ((KasirSqliteStore *) store);

  return kasir_server_sql_list_outlets (&sql, error);
}

gboolean
kasir_sqlite_add_enroll_code (KasirServerStore  *store,
                        gint64             outlet_id,
                        const char        *code_hash,
                        gint64             expires_unix,
                        GError           **error)
{
  KasirSqliteStore *self = (KasirSqliteStore *) store;
  KasirServerSql sql = kasir_sqlite_sql (self);
  g_autofree char *detail = NULL;

  if (!kasir_sqlite_begin_write (self, error))
    return FALSE;
  if (!kasir_server_sql_require_outlet (&sql, outlet_id, error))
    goto fail;
  detail = g_strdup_printf ("outlet %" G_GINT64_FORMAT, outlet_id);
  if (!kasir_sqlite_run (self, error, "INSERT INTO enroll_codes (outlet_id, code_hash, expires_at) VALUES (?, ?, ?)",
            "iti", outlet_id, code_hash, expires_unix)
      || !kasir_sqlite_audit (self, "admin", "enroll.code", detail, error)
      || !kasir_sqlite_commit (self, error))
    goto fail;
  return TRUE;

fail:
  kasir_sqlite_rollback (self);
  return FALSE;
}

gboolean
kasir_sqlite_redeem_enroll_code (KasirServerStore  *store,
                           const char        *code_hash,
                           const char        *terminal_name,
                           const char        *token_hash,
                           gint64             now,
                           gint64            *terminal_id,
                           gint64            *outlet_id,
                           char             **out_name,
                           GError           **error)
{
  KasirSqliteStore *self = (KasirSqliteStore *) store;
  KasirServerSql sql = kasir_sqlite_sql (self);
  g_autofree char *name = NULL;
  gint64 code_id, outlet, tid;
  g_autofree char *detail = NULL;

  if (!kasir_sqlite_begin_write (self, error))
    return FALSE;
  if (!kasir_server_sql_take_enroll_code (&sql, code_hash, now, FALSE, &code_id, &outlet, error))
    goto fail;
  /* The write transaction keeps the name free. */
  if ((name = kasir_server_sql_free_terminal_name (&sql, outlet, terminal_name, error)) == NULL
      || !kasir_sqlite_run (self, error, "INSERT INTO terminals (outlet_id, name, token_hash, enrolled_at) "
            "VALUES (?, ?, ?, ?)", "itti", outlet, name, token_hash, now))
    goto fail;
  tid = sqlite3_last_insert_rowid (self->db);
  detail = g_strdup_printf ("terminal %" G_GINT64_FORMAT " outlet %" G_GINT64_FORMAT, tid, outlet);
  if (!kasir_sqlite_run (self, error, "UPDATE enroll_codes SET used_at = ?, terminal_id = ? WHERE id = ?", "iii",
            now, tid, code_id)
      || !kasir_sqlite_audit (self, "enroll", "terminal.enroll", detail, error)
      || !kasir_sqlite_commit (self, error))
    goto fail;
  *terminal_id = tid;
  *outlet_id = outlet;
  *out_name = g_steal_pointer (&name);
  return TRUE;

fail:
  kasir_sqlite_rollback (self);
  return FALSE;
}

gboolean
kasir_sqlite_authenticate (KasirServerStore  *store,
                     const char        *token_hash,
                     gint64            *terminal_id,
                     gint64            *outlet_id,
                     GError           **error)
{
  KasirServerSql sql = kasir_sqlite_sql ((KasirSqliteStore *) store);

  return kasir_server_sql_authenticate (&sql, token_hash, terminal_id, outlet_id, error);
}

/* ---- Metrics ---- */

gboolean
kasir_sqlite_get_metrics (KasirServerStore         *store,
                    KasirServerStoreMetrics  *out,
                    GError                  **error)
{
  KasirServerSql sql = kasir_sqlite_sql ((KasirSqliteStore *) store);

  return kasir_server_sql_get_metrics (&sql, out, error);
}

gboolean
kasir_sqlite_add_staff (KasirServerStore           *store,
                  const KasirServerNewStaff  *staff,
                  gint64                     *out_id,
                  GError                    **error)
{
  KasirSqliteStore *self = (KasirSqliteStore *) store;
  KasirServerSql sql = kasir_sqlite_sql (self);
  g_autofree char *detail = NULL;
  gint64 id;

  if (!kasir_role_is_known (staff->role))
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_INVALID,
                   "role must be cashier, supervisor or manager, not '%s'",
                   staff->role ? staff->role : "");
      return FALSE;
    }
  if (!kasir_sqlite_begin_write (self, error))
    return FALSE;
  if (!kasir_server_sql_require_outlet (&sql, staff->outlet_id, error))
    goto fail;
  if (!kasir_sqlite_run (self, error, "INSERT INTO staff (outlet_id, name, role, pin_hash) VALUES (?, ?, ?, ?)", "ittt",
            staff->outlet_id, staff->name, staff->role, staff->pin_hash))
    goto fail;
  id = sqlite3_last_insert_rowid (self->db);
  detail = g_strdup_printf ("staff %" G_GINT64_FORMAT " (%s) outlet %" G_GINT64_FORMAT, id, staff->role,
                            staff->outlet_id);
  if (!kasir_sqlite_log_change_int (self, "staff", id, staff->outlet_id, FALSE, error)
      || !kasir_sqlite_audit (self, "admin", "staff.add", detail, error)
      || !kasir_sqlite_commit (self, error))
    goto fail;
  if (out_id != NULL)
    *out_id = id;
  return TRUE;

fail:
  kasir_sqlite_rollback (self);
  return FALSE;
}

gboolean
kasir_sqlite_register_signing_key (KasirServerStore  *store,
                             gint64             terminal_id,
                             const char        *public_key,
                             GError           **error)
{
  KasirSqliteStore *self = (KasirSqliteStore *) store;
  KasirServerSql sql = kasir_sqlite_sql (self);
  g_autofree char *detail = NULL;
  gboolean registered;

  if (!kasir_sqlite_begin_write (self, error))
    return FALSE;
  if (!kasir_server_sql_require_terminal (&sql, terminal_id, FALSE, error)
      || !kasir_server_sql_check_signing_key (&sql, terminal_id, public_key, &registered, error))
    goto fail;
  if (registered)
    {
      kasir_sqlite_rollback (self);
      return TRUE;
    }
  detail = g_strdup_printf ("terminal %" G_GINT64_FORMAT, terminal_id);
  if (!kasir_sqlite_run (self, error, "INSERT INTO terminal_keys (terminal_id, public_key, registered_at) VALUES (?, ?, ?)",
            "iti", terminal_id, public_key, kasir_sqlite_now_unix ())
      || !kasir_sqlite_audit (self, "terminal", "signing_key.register", detail, error)
      || !kasir_sqlite_commit (self, error))
    goto fail;
  return TRUE;

fail:
  kasir_sqlite_rollback (self);
  return FALSE;
}

gboolean
kasir_sqlite_get_signing_key (KasirServerStore  *store,
                        gint64             terminal_id,
                        gint64            *out_outlet_id,
                        char             **out_public_key,
                        GError           **error)
{
  KasirServerSql sql = kasir_sqlite_sql ((KasirSqliteStore *) store);

  return kasir_server_sql_get_signing_key (&sql, terminal_id, out_outlet_id, out_public_key, error);
}

gboolean
kasir_sqlite_revoke_terminal (KasirServerStore  *store,
                        gint64             terminal_id,
                        GError           **error)
{
  KasirSqliteStore *self = (KasirSqliteStore *) store;
  KasirServerSql sql = kasir_sqlite_sql (self);
  g_autofree char *detail = NULL;

  if (!kasir_sqlite_begin_write (self, error))
    return FALSE;
  if (!kasir_server_sql_require_terminal (&sql, terminal_id, FALSE, error))
    goto fail;
  detail = g_strdup_printf ("terminal %" G_GINT64_FORMAT, terminal_id);
  /* OR IGNORE: revoking twice keeps the first time. */
  if (!kasir_sqlite_run (self, error, "INSERT OR IGNORE INTO terminal_revocations (terminal_id, revoked_at)"
            " VALUES (?, ?)", "ii", terminal_id, kasir_sqlite_now_unix ())
      || !kasir_sqlite_audit (self, "admin", "terminal.revoke", detail, error)
      || !kasir_sqlite_commit (self, error))
    goto fail;
  return TRUE;

fail:
  kasir_sqlite_rollback (self);
  return FALSE;
}

/* ---- Catalog import and demo ---- */

gboolean
kasir_sqlite_import_products (KasirServerStore  *store,
                               GPtrArray         *rows,
                               guint             *n_created,
                               guint             *n_updated,
                               GError           **error)
{
  KasirSqliteTx tx;

  kasir_sqlite_tx_init (&tx, (KasirSqliteStore *) store);
  return kasir_server_tx_import (&tx.parent.parent, rows, n_created, n_updated, error);
}

gboolean
kasir_sqlite_load_demo (KasirServerStore           *store,
                         const KasirServerDemoData  *demo,
                         GError                    **error)
{
  KasirSqliteTx tx;

  kasir_sqlite_tx_init (&tx, (KasirSqliteStore *) store);
  return kasir_server_tx_load_demo (&tx.parent.parent, demo, error);
}

gboolean
kasir_sqlite_set_modifier_groups (KasirServerStore  *store,
                                  gint64             product_id,
                                  GPtrArray         *groups,
                                  GError           **error)
{
  KasirSqliteTx tx;

  kasir_sqlite_tx_init (&tx, (KasirSqliteStore *) store);
  return kasir_server_tx_save_modifier_groups (&tx.parent.parent, product_id, groups, error);
}
