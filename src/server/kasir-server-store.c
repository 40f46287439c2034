/* kasir-server-store.c — dispatch of the storage interface to its backend.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libpq-fe.h>
#include <string.h>

#include "kasir-server-store.h"

G_DEFINE_QUARK (kasir-server-store-error-quark, kasir_server_store_error)

void
kasir_server_outlet_free (KasirServerOutlet *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self);
}

void
kasir_server_import_row_free (KasirServerImportRow *self)
{
  if (self == NULL)
    return;
  g_free (self->sku);
  g_free (self->barcode);
  g_free (self->name);
  g_free (self->category);
  g_free (self);
}

void
kasir_server_terminal_info_free (KasirServerTerminalInfo *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self);
}

void
kasir_server_store_metrics_clear (KasirServerStoreMetrics *self)
{
  g_clear_pointer (&self->terminals, g_ptr_array_unref);
  self->open_conflicts = 0;
}

KasirServerStore *
kasir_server_store_open (const char  *db,
                         const char  *key,
                         gboolean     create,
                         GError     **error)
{
  KasirServerStore *store;

  g_return_val_if_fail (db != NULL, NULL);

  if (!kasir_server_store_is_pg_uri (db))
    return kasir_server_store_sqlite_open (db, key, create, error);
  if (key != NULL && *key != '\0')
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_INVALID,
                   "a database key is for SQLite files; a PostgreSQL database is protected by "
                   "PostgreSQL itself (its own disk encryption and access rules)");
      return NULL;
    }
  store = kasir_server_store_pg_open (db, create, error);
  if (store == NULL && error != NULL && *error != NULL)
    {
      g_autofree char *what = kasir_server_store_describe (db);

      /* Named by database and host: the URI may hold a password. */
      g_prefix_error (error, "%s: ", what);
    }
  return store;
}

gboolean
kasir_server_store_is_pg_uri (const char *db)
{
  return db != NULL && (g_str_has_prefix (db, "postgresql://") || g_str_has_prefix (db, "postgres://"));
}

gboolean
kasir_server_store_exists (const char *db)
{
  g_autoptr(KasirServerStore) store = NULL;

  if (!kasir_server_store_is_pg_uri (db))
    return g_file_test (db, G_FILE_TEST_EXISTS);
  store = kasir_server_store_pg_open (db, FALSE, NULL);
  return store != NULL;
}

static char *
conninfo_value (const char *uri,
                const char *keyword)
{
  PQconninfoOption *options = PQconninfoParse (uri, NULL);
  char *value = NULL;

  for (PQconninfoOption *o = options; o != NULL && o->keyword != NULL; o++)
    if (g_str_equal (o->keyword, keyword) && o->val != NULL && *o->val != '\0')
      value = g_strdup (o->val);
  PQconninfoFree (options);
  return value;
}

char *
kasir_server_store_pg_name (const char *uri)
{
  g_autofree char *name = conninfo_value (uri, "dbname");

  if (name == NULL)
    return g_strdup ("kasir");
  return g_strcanon (g_steal_pointer (&name),
                     "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_", '_');
}

char *
kasir_server_store_describe (const char *db)
{
  g_autofree char *name = NULL;
  g_autofree char *host = NULL;

  if (!kasir_server_store_is_pg_uri (db))
    return g_strdup (db);
  name = kasir_server_store_pg_name (db);
  host = conninfo_value (db, "host");
  return g_strdup_printf ("PostgreSQL database %s on %s", name, host != NULL ? host : "the local socket");
}

void
kasir_server_store_free (KasirServerStore *store)
{
  if (store != NULL)
    store->vtable->free (store);
}

gboolean
kasir_server_store_add_outlet (KasirServerStore  *store,
                               const char        *name,
                               gint64            *out_id,
                               GError           **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  return store->vtable->add_outlet (store, name, out_id, error);
}

GPtrArray *
kasir_server_store_list_outlets (KasirServerStore  *store,
                                 GError           **error)
{
  g_return_val_if_fail (store != NULL, NULL);
  return store->vtable->list_outlets (store, error);
}

gboolean
kasir_server_store_add_enroll_code (KasirServerStore  *store,
                                    gint64             outlet_id,
                                    const char        *code_hash,
                                    gint64             expires_unix,
                                    GError           **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (code_hash != NULL, FALSE);
  return store->vtable->add_enroll_code (store, outlet_id, code_hash, expires_unix, error);
}

gboolean
kasir_server_store_redeem_enroll_code (KasirServerStore  *store,
                                       const char        *code_hash,
                                       const char        *terminal_name,
                                       const char        *token_hash,
                                       gint64             now_unix,
                                       gint64            *terminal_id,
                                       gint64            *outlet_id,
                                       char             **out_name,
                                       GError           **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (code_hash != NULL && token_hash != NULL && out_name != NULL, FALSE);
  *out_name = NULL;
  return store->vtable->redeem_enroll_code (store, code_hash, terminal_name, token_hash,
                                            now_unix, terminal_id, outlet_id, out_name, error);
}

char *
kasir_server_store_free_terminal_name (const char *wanted,
                                       GHashTable *taken)
{
  g_autofree char *stem = NULL;
  const char *end, *digits;
  guint64 n = 1;

  wanted = wanted != NULL ? wanted : "";
  if (*wanted != '\0' && !g_hash_table_contains (taken, wanted))
    return g_strdup (wanted);

  /* "Till 1" → stem "Till ", counting from 1; "Kasir depan" → stem "Kasir depan ", from 2. */
  end = wanted + strlen (wanted);
  digits = end;
  while (digits > wanted && g_ascii_isdigit (digits[-1]) && end - digits < 9)
    digits--;
  if (*wanted == '\0')
    stem = g_strdup ("Till ");
  else if (digits < end && digits > wanted && digits[-1] == ' ')
    {
      stem = g_strndup (wanted, digits - wanted);
      n = g_ascii_strtoull (digits, NULL, 10);
    }
  else
    {
      stem = g_strconcat (wanted, " ", NULL);
      n = 2;
    }

  for (;; n++)
    {
      g_autofree char *name = g_strdup_printf ("%s%" G_GUINT64_FORMAT, stem, n);

      if (!g_hash_table_contains (taken, name))
        return g_steal_pointer (&name);
    }
}

gboolean
kasir_server_store_authenticate (KasirServerStore  *store,
                                 const char        *token_hash,
                                 gint64            *terminal_id,
                                 gint64            *outlet_id,
                                 GError           **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (token_hash != NULL, FALSE);
  return store->vtable->authenticate (store, token_hash, terminal_id, outlet_id, error);
}

gboolean
kasir_server_store_push (KasirServerStore        *store,
                         gint64                   terminal_id,
                         gint64                   outlet_id,
                         const KasirMutation     *mutation,
                         KasirServerPushOutcome  *outcome,
                         KasirPushResult        **result,
                         gint64                  *expected_seq,
                         GError                 **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (mutation != NULL, FALSE);
  g_return_val_if_fail (outcome != NULL && result != NULL && expected_seq != NULL, FALSE);
  *result = NULL;
  *expected_seq = 0;
  return store->vtable->push (store, terminal_id, outlet_id, mutation, outcome, result,
                              expected_seq, error);
}

gboolean
kasir_server_store_push_batch (KasirServerStore  *store,
                               gint64             terminal_id,
                               gint64             outlet_id,
                               GPtrArray         *mutations,
                               GPtrArray         *results,
                               GArray            *outcomes,
                               gint64            *expected_seq,
                               GError           **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (mutations != NULL && results != NULL && outcomes != NULL, FALSE);
  g_return_val_if_fail (expected_seq != NULL, FALSE);
  *expected_seq = 0;
  return store->vtable->push_batch (store, terminal_id, outlet_id, mutations, results, outcomes,
                                    expected_seq, error);
}

KasirPullResponse *
kasir_server_store_pull (KasirServerStore  *store,
                         gint64             terminal_id,
                         gint64             outlet_id,
                         gint64             cursor,
                         guint              limit,
                         GError           **error)
{
  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (limit > 0, NULL);
  return store->vtable->pull (store, terminal_id, outlet_id, cursor, limit, error);
}

gboolean
kasir_server_store_get_metrics (KasirServerStore         *store,
                                KasirServerStoreMetrics  *out,
                                GError                  **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  return store->vtable->get_metrics (store, out, error);
}

gboolean
kasir_server_store_import_products (KasirServerStore  *store,
                                    GPtrArray         *rows,
                                    guint             *n_created,
                                    guint             *n_updated,
                                    GError           **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (rows != NULL, FALSE);
  return store->vtable->import_products (store, rows, n_created, n_updated, error);
}

gboolean
kasir_server_store_load_demo (KasirServerStore           *store,
                              const KasirServerDemoData  *demo,
                              GError                    **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (demo != NULL, FALSE);
  return store->vtable->load_demo (store, demo, error);
}

gboolean
kasir_server_store_set_modifier_groups (KasirServerStore  *store,
                                        gint64             product_id,
                                        GPtrArray         *groups,
                                        GError           **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (groups != NULL, FALSE);
  if (groups->len > KASIR_PROTOCOL_MAX_MODIFIER_GROUPS)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_INVALID,
                   "a product has at most %d modifier groups", KASIR_PROTOCOL_MAX_MODIFIER_GROUPS);
      return FALSE;
    }
  return store->vtable->set_modifier_groups (store, product_id, groups, error);
}

gboolean
kasir_server_store_prune_tombstones (KasirServerStore  *store,
                                     gint64             older_than_unix,
                                     guint             *n_pruned,
                                     GError           **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  return store->vtable->prune_tombstones (store, older_than_unix, n_pruned, error);
}

#define MAX_SETTING_KEY   64
#define MAX_SETTING_VALUE 1024

gboolean
kasir_server_store_set_setting (KasirServerStore  *store,
                                gint64             outlet_id,
                                const char        *key,
                                const char        *value,
                                GError           **error)
{
  gsize n;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  n = strlen (key);
  if (n == 0 || n > MAX_SETTING_KEY || strspn (key, "abcdefghijklmnopqrstuvwxyz0123456789._-") != n)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_INVALID,
                   "a setting's name is 1 to %d of a-z, 0-9, '.', '_' and '-'", MAX_SETTING_KEY);
      return FALSE;
    }
  if (value != NULL && (strlen (value) > MAX_SETTING_VALUE || !g_utf8_validate (value, -1, NULL)))
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_INVALID,
                   "a setting's value is UTF-8 text of at most %d bytes", MAX_SETTING_VALUE);
      return FALSE;
    }
  return store->vtable->set_setting (store, outlet_id, key, value, error);
}

gboolean
kasir_server_store_add_staff (KasirServerStore           *store,
                              const KasirServerNewStaff  *staff,
                              gint64                     *out_id,
                              GError                    **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (staff != NULL && staff->name != NULL && staff->pin_hash != NULL, FALSE);
  return store->vtable->add_staff (store, staff, out_id, error);
}

gboolean
kasir_server_store_update_staff (KasirServerStore  *store,
                                 gint64             staff_id,
                                 const char        *pin_hash,
                                 int                active,
                                 GError           **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (active >= -1 && active <= 1, FALSE);
  return store->vtable->update_staff (store, staff_id, pin_hash, active, error);
}

gboolean
kasir_server_store_register_signing_key (KasirServerStore  *store,
                                         gint64             terminal_id,
                                         const char        *public_key,
                                         GError           **error)
{
  g_return_val_if_fail (store != NULL && public_key != NULL, FALSE);
  if (store->vtable->register_signing_key == NULL)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_FAILED,
                   "this storage backend keeps no signing keys");
      return FALSE;
    }
  return store->vtable->register_signing_key (store, terminal_id, public_key, error);
}

gboolean
kasir_server_store_get_signing_key (KasirServerStore  *store,
                                    gint64             terminal_id,
                                    gint64            *out_outlet_id,
                                    char             **out_public_key,
                                    GError           **error)
{
  g_return_val_if_fail (store != NULL && out_public_key != NULL, FALSE);
  if (store->vtable->get_signing_key == NULL)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_FAILED,
                   "this storage backend keeps no signing keys");
      return FALSE;
    }
  return store->vtable->get_signing_key (store, terminal_id, out_outlet_id, out_public_key, error);
}

gboolean
kasir_server_store_revoke_terminal (KasirServerStore  *store,
                                    gint64             terminal_id,
                                    GError           **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  if (store->vtable->revoke_terminal == NULL)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_FAILED,
                   "this storage backend cannot revoke terminals");
      return FALSE;
    }
  return store->vtable->revoke_terminal (store, terminal_id, error);
}

JsonNode *
kasir_server_store_report_summary (KasirServerStore  *store,
                                   gint64             outlet_id,
                                   gint64             staff_id,
                                   const char        *from,
                                   const char        *to,
                                   int                utc_offset,
                                   gboolean          *forbidden,
                                   GError           **error)
{
  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (forbidden != NULL, NULL);
  return store->vtable->report_summary (store, outlet_id, staff_id, from, to, utc_offset, forbidden,
                                        error);
}

JsonNode *
kasir_server_store_sale_lookup (KasirServerStore  *store,
                                gint64             outlet_id,
                                const char        *receipt,
                                gboolean          *found,
                                GError           **error)
{
  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (receipt != NULL, NULL);
  g_return_val_if_fail (found != NULL, NULL);
  return store->vtable->sale_lookup (store, outlet_id, receipt, found, error);
}

JsonNode *
kasir_server_store_open_orders (KasirServerStore  *store,
                                gint64             outlet_id,
                                GError           **error)
{
  g_return_val_if_fail (store != NULL, NULL);
  return store->vtable->open_orders (store, outlet_id, error);
}
