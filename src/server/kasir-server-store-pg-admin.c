/* kasir-server-store-pg-admin.c — the PostgreSQL backend's administration: outlets,
 * enrollment and tokens, staff, signing keys and revocation, metrics, and the catalog
 * import and demo data (their rules in kasir-server-apply-import.c), each in one
 * transaction.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-roles.h"
#include "kasir-server-apply.h"
#include "kasir-server-store-pg-private.h"

/* ---- Outlets and enrollment ---- */

gboolean
kasir_pg_add_outlet (KasirServerStore  *store,
                     const char        *name,
                     gint64            *out_id,
                     GError           **error)
{
  KasirPgStore *self = (KasirPgStore *) store;
  gint64 id;

  if (!kasir_pg_begin (self, error))
    return FALSE;
  if (!kasir_pg_query_int (self, error, &id, NULL, "INSERT INTO outlets (name, created_at) VALUES (?, ?) "
                           "RETURNING id", "ti", name, kasir_pg_now_unix ())
      || !kasir_pg_audit (self, "admin", "outlet.add", name, error) || !kasir_pg_commit (self, error))
    {
      kasir_pg_rollback (self);
      return FALSE;
    }
  if (out_id != NULL)
    *out_id = id;
  return TRUE;
}

GPtrArray *
kasir_pg_list_outlets (KasirServerStore  *store,
                       GError           **error)
{
  KasirServerSql sql = kasir_pg_sql ((KasirPgStore *) store);

  return kasir_server_sql_list_outlets (&sql, error);
}

gboolean
kasir_pg_add_enroll_code (KasirServerStore  *store,
                          gint64             outlet_id,
                          const char        *code_hash,
                          gint64             expires_unix,
                          GError           **error)
{
  KasirPgStore *self = (KasirPgStore *) store;
  KasirServerSql sql = kasir_pg_sql (self);
  g_autofree char *detail = g_strdup_printf ("outlet %" G_GINT64_FORMAT, outlet_id);

  if (!kasir_pg_begin (self, error))
    return FALSE;
  if (!kasir_server_sql_require_outlet (&sql, outlet_id, error)
      || !kasir_pg_run (self, error, "INSERT INTO enroll_codes (outlet_id, code_hash, expires_at) VALUES (?, ?, ?)",
                        "iti", outlet_id, code_hash, expires_unix)
      || !kasir_pg_audit (self, "admin", "enroll.code", detail, error)
      || !kasir_pg_commit (self, error))
    {
      kasir_pg_rollback (self);
      return FALSE;
    }
  return TRUE;
}

gboolean
kasir_pg_redeem_enroll_code (KasirServerStore  *store,
                             const char        *code_hash,
                             const char        *terminal_name,
                             const char        *token_hash,
                             gint64             now,
                             gint64            *terminal_id,
                             gint64            *outlet_id,
                             char             **out_name,
                             GError           **error)
{
  KasirPgStore *self = (KasirPgStore *) store;
  KasirServerSql sql = kasir_pg_sql (self);
  g_autofree char *detail = NULL;
  g_autofree char *name = NULL;
  gint64 code_id, outlet, tid;

  if (!kasir_pg_begin (self, error))
    return FALSE;
  /* The outlet's row stays locked until the end of the transaction, so that two
   * enrollments cannot both take the same free name. */
  if (!kasir_server_sql_take_enroll_code (&sql, code_hash, now, TRUE, &code_id, &outlet, error)
      || !kasir_pg_run (self, error, "SELECT id FROM outlets WHERE id = ? FOR UPDATE", "i", outlet)
      || (name = kasir_server_sql_free_terminal_name (&sql, outlet, terminal_name, error)) == NULL
      || !kasir_pg_query_int (self, error, &tid, NULL, "INSERT INTO terminals (outlet_id, name, token_hash,"
                              " enrolled_at) VALUES (?, ?, ?, ?) RETURNING id", "itti", outlet,
                              name, token_hash, now))
    goto fail;
  detail = g_strdup_printf ("terminal %" G_GINT64_FORMAT " outlet %" G_GINT64_FORMAT, tid, outlet);
  if (!kasir_pg_run (self, error, "UPDATE enroll_codes SET used_at = ?, terminal_id = ? WHERE id = ?", "iii",
                     now, tid, code_id)
      || !kasir_pg_audit (self, "enroll", "terminal.enroll", detail, error)
      || !kasir_pg_commit (self, error))
    goto fail;
  *terminal_id = tid;
  *outlet_id = outlet;
  *out_name = g_steal_pointer (&name);
  return TRUE;

fail:
  kasir_pg_rollback (self);
  return FALSE;
}

gboolean
kasir_pg_authenticate (KasirServerStore  *store,
                       const char        *token_hash,
                       gint64            *terminal_id,
                       gint64            *outlet_id,
                       GError           **error)
{
  KasirServerSql sql = kasir_pg_sql ((KasirPgStore *) store);

  return kasir_server_sql_authenticate (&sql, token_hash, terminal_id, outlet_id, error);
}

/* ---- Metrics ---- */

gboolean
kasir_pg_get_metrics (KasirServerStore         *store,
                      KasirServerStoreMetrics  *out,
                      GError                  **error)
{
  KasirServerSql sql = kasir_pg_sql ((KasirPgStore *) store);

  return kasir_server_sql_get_metrics (&sql, out, error);
}

/* ---- Staff, keys and revocation ---- */

gboolean
kasir_pg_add_staff (KasirServerStore           *store,
                    const KasirServerNewStaff  *staff,
                    gint64                     *out_id,
                    GError                    **error)
{
  KasirPgStore *self = (KasirPgStore *) store;
  KasirServerSql sql = kasir_pg_sql (self);
  g_autofree char *detail = NULL;
  char idbuf[32];
  gint64 id;

  if (!kasir_role_is_known (staff->role))
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_INVALID,
                   "role must be cashier, supervisor or manager, not '%s'",
                   staff->role ? staff->role : "");
      return FALSE;
    }
  if (!kasir_pg_begin (self, error))
    return FALSE;
  if (!kasir_server_sql_require_outlet (&sql, staff->outlet_id, error)
      || !kasir_pg_query_int (self, error, &id, NULL, "INSERT INTO staff (outlet_id, name, role, pin_hash) "
                              "VALUES (?, ?, ?, ?) RETURNING id", "ittt", staff->outlet_id, staff->name,
                              staff->role, staff->pin_hash))
    goto fail;
  detail = g_strdup_printf ("staff %" G_GINT64_FORMAT " (%s) outlet %" G_GINT64_FORMAT, id, staff->role,
                            staff->outlet_id);
  g_snprintf (idbuf, sizeof idbuf, "%" G_GINT64_FORMAT, id);
  if (!kasir_pg_log_change (self, "staff", idbuf, staff->outlet_id, FALSE, error)
      || !kasir_pg_audit (self, "admin", "staff.add", detail, error)
      || !kasir_pg_commit (self, error))
    goto fail;
  if (out_id != NULL)
    *out_id = id;
  return TRUE;

fail:
  kasir_pg_rollback (self);
  return FALSE;
}

gboolean
kasir_pg_register_signing_key (KasirServerStore  *store,
                               gint64             terminal_id,
                               const char        *public_key,
                               GError           **error)
{
  KasirPgStore *self = (KasirPgStore *) store;
  KasirServerSql sql = kasir_pg_sql (self);
  g_autofree char *detail = NULL;
  gboolean registered;

  if (!kasir_pg_begin (self, error))
    return FALSE;
  if (!kasir_server_sql_require_terminal (&sql, terminal_id, TRUE, error)
      || !kasir_server_sql_check_signing_key (&sql, terminal_id, public_key, &registered, error))
    goto fail;
  if (registered)
    {
      kasir_pg_rollback (self);
      return TRUE;
    }
  detail = g_strdup_printf ("terminal %" G_GINT64_FORMAT, terminal_id);
  if (!kasir_pg_run (self, error, "INSERT INTO terminal_keys (terminal_id, public_key, registered_at) "
                     "VALUES (?, ?, ?)", "iti", terminal_id, public_key, kasir_pg_now_unix ())
      || !kasir_pg_audit (self, "terminal", "signing_key.register", detail, error)
      || !kasir_pg_commit (self, error))
    goto fail;
  return TRUE;

fail:
  kasir_pg_rollback (self);
  return FALSE;
}

gboolean
kasir_pg_get_signing_key (KasirServerStore  *store,
                          gint64             terminal_id,
                          gint64            *out_outlet_id,
                          char             **out_public_key,
                          GError           **error)
{
  KasirServerSql sql = kasir_pg_sql ((KasirPgStore *) store);

  return kasir_server_sql_get_signing_key (&sql, terminal_id, out_outlet_id, out_public_key, error);
}

gboolean
kasir_pg_revoke_terminal (KasirServerStore  *store,
                          gint64             terminal_id,
                          GError           **error)
{
  KasirPgStore *self = (KasirPgStore *) store;
  KasirServerSql sql = kasir_pg_sql (self);
  g_autofree char *detail = g_strdup_printf ("terminal %" G_GINT64_FORMAT, terminal_id);

  if (!kasir_pg_begin (self, error))
    return FALSE;
  /* DO NOTHING: revoking twice keeps the first time. */
  if (!kasir_server_sql_require_terminal (&sql, terminal_id, TRUE, error)
      || !kasir_pg_run (self, error, "INSERT INTO terminal_revocations (terminal_id, revoked_at) VALUES (?, ?) "
                        "ON CONFLICT (terminal_id) DO NOTHING", "ii", terminal_id, kasir_pg_now_unix ())
      || !kasir_pg_audit (self, "admin", "terminal.revoke", detail, error)
      || !kasir_pg_commit (self, error))
    {
      kasir_pg_rollback (self);
      return FALSE;
    }
  return TRUE;
}

/* ---- Catalog import and demo ---- */

gboolean
kasir_pg_import_products (KasirServerStore  *store,
                           GPtrArray         *rows,
                           guint             *n_created,
                           guint             *n_updated,
                           GError           **error)
{
  g_auto(KasirPgTx) tx = { 0 };

  kasir_pg_tx_init (&tx, (KasirPgStore *) store);
  return kasir_server_tx_import (&tx.parent.parent, rows, n_created, n_updated, error);
}

gboolean
kasir_pg_load_demo (KasirServerStore           *store,
                     const KasirServerDemoData  *demo,
                     GError                    **error)
{
  g_auto(KasirPgTx) tx = { 0 };

  kasir_pg_tx_init (&tx, (KasirPgStore *) store);
  return kasir_server_tx_load_demo (&tx.parent.parent, demo, error);
}

gboolean
kasir_pg_set_modifier_groups (KasirServerStore  *store,
                            gint64             product_id,
                            GPtrArray         *groups,
                            GError           **error)
{
  g_auto(KasirPgTx) tx = { 0 };

  kasir_pg_tx_init (&tx, (KasirPgStore *) store);
  return kasir_server_tx_save_modifier_groups (&tx.parent.parent, product_id, groups, error);
}
