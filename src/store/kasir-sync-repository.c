/* kasir-sync-repository.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "kasir-catalog-admin-repository.h"
#include "kasir-catalog-repository.h"
#include "kasir-conflict-repository.h"
#include "kasir-customer-repository.h"
#include "kasir-database-private.h"
#include "kasir-outbox-repository.h"
#include "kasir-sales-retention.h"
#include "kasir-shift-repository.h"
#include "kasir-staff-repository.h"
#include "kasir-setting-keys.h"
#include "kasir-sync-repository.h"
#include "kasir-modifier-repository.h"

void
kasir_sync_counts_clear (KasirSyncCounts *counts)
{
  g_clear_pointer (&counts->oldest_unsent_at, g_free);
  memset (counts, 0, sizeof *counts);
}

gboolean
kasir_sync_repository_prepare_worker (KasirDatabase  *db,
                                      GError        **error)
{
  g_return_val_if_fail (KASIR_IS_DATABASE (db), FALSE);

  return kasir_database_exec (db, "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -32768",
                              error);
}

gboolean
kasir_sync_repository_counts (KasirDatabase    *db,
                              KasirSyncCounts  *out,
                              GError          **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);

  stmt = kasir_database_prepare (db,
                                 "SELECT "
                                 " (SELECT count(*) FROM outbox"
                                 "   WHERE state IN ('pending', 'in_flight')),"
                                 " (SELECT count(*) FROM outbox WHERE state = 'rejected'),"
                                 " (SELECT count(*) FROM conflicts WHERE status = 'open'),"
                                 " (SELECT seq FROM outbox WHERE state IN ('pending', 'in_flight')"
                                 "   ORDER BY seq LIMIT 1),"
                                 " (SELECT created_at FROM outbox"
                                 "   WHERE state IN ('pending', 'in_flight') ORDER BY seq LIMIT 1),"
                                 /* As kasir_open_order_repository_list() lists them. */
                                 " (SELECT count(*) FROM open_orders"
                                 "   WHERE state = 'open' AND cancelled_at IS NULL)",
                                 error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      kasir_database_set_error (db, sqlite3_errcode (kasir_database_get_handle (db)),
                                "sync counts", error);
      kasir_database_stmt_done (stmt);
      return FALSE;
    }

  out->unsent = sqlite3_column_int64 (stmt, 0);
  out->rejected = sqlite3_column_int64 (stmt, 1);
  out->open_conflicts = sqlite3_column_int64 (stmt, 2);
  out->oldest_unsent_seq = sqlite3_column_int64 (stmt, 3);
  out->oldest_unsent_at = kasir_database_column_dup (stmt, 4);
  out->open_orders = sqlite3_column_int64 (stmt, 5);
  kasir_database_stmt_done (stmt);

  return TRUE;
}

static gboolean
get_seq_base (KasirDatabase  *db,
              gint64         *out,
              GError        **error)
{
  return kasir_database_query_int64 (db, "SELECT seq_base FROM sync_state WHERE id = 1",
                                     out, error);
}

KasirPushRequest *
kasir_sync_repository_next_batch (KasirDatabase  *db,
                                  gint64          terminal_id,
                                  guint           limit,
                                  GError        **error)
{
  g_autoptr(KasirOutboxRepository) outbox = NULL;
  g_autoptr(KasirPushRequest) request = NULL;
  g_autoptr(GPtrArray) mutations = NULL;
  gint64 base = 0;

  g_return_val_if_fail (KASIR_IS_DATABASE (db), NULL);

  if (!get_seq_base (db, &base, error))
    return NULL;

  outbox = kasir_outbox_repository_new (db);
  mutations = kasir_outbox_repository_list_pending (outbox, MAX (limit, 1), error);
  if (mutations == NULL)
    return NULL;

  request = kasir_push_request_new ();
  request->terminal_id = terminal_id;

  /* Only a run without holes may go out: the server would answer seq_gap otherwise. A
   * hole here means the rows after it wait for the one before to be answered. */
  for (guint i = 0; i < mutations->len; i++)
    {
      KasirMutation *m = mutations->pdata[i];

      if (i > 0 && m->seq != ((KasirMutation *)mutations->pdata[i - 1])->seq + 1)
        break;
      g_ptr_array_add (request->mutations, kasir_mutation_copy (m));
    }

  if (request->mutations->len > 0)
    {
      KasirMutation *first = request->mutations->pdata[0];
      KasirMutation *last = request->mutations->pdata[request->mutations->len - 1];

      if (!kasir_outbox_repository_mark_in_flight (outbox, first->seq, last->seq, error))
        return NULL;
    }

  /* Mutations made before this enrollment and already answered stay below the base; an
   * unsent one below it cannot exist, because the base is taken under the oldest. */
  for (guint i = 0; i < request->mutations->len; i++)
    {
      KasirMutation *m = request->mutations->pdata[i];

      if (m->seq <= base)
        {
          g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_CORRUPT,
                       _("Change %" PRId64 " is older than this enrollment"), m->seq);
          return NULL;
        }
      m->seq -= base;
    }

  return g_steal_pointer (&request);
}

static gboolean
set_outbox_result (KasirDatabase          *db,
                   const KasirPushResult  *result,
                   gint64                  base,
                   GError                **error)
{
  g_autoptr(JsonNode) node = kasir_protocol_encode_push_result (result);
  g_autofree char *text = kasir_protocol_to_string (node, NULL);
  sqlite3_stmt *stmt;

  if (result->status == KASIR_RESULT_REJECTED)
    stmt = kasir_database_prepare (db,
                                   "UPDATE outbox SET state = 'rejected', result = ?2, "
                                   " last_error = ?3, attempts = attempts + 1 "
                                   "WHERE seq = ?1 AND state IN ('pending', 'in_flight')",
                                   error);
  else
    stmt = kasir_database_prepare (db,
                                   "UPDATE outbox SET state = 'acked', result = ?2, "
                                   " last_error = NULL, attempts = attempts + 1 "
                                   "WHERE seq = ?1 AND state IN ('pending', 'in_flight')",
                                   error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, result->seq + base);
  kasir_database_bind_text (stmt, 2, text);
  if (result->status == KASIR_RESULT_REJECTED)
    kasir_database_bind_text (stmt, 3, result->reason != NULL ? result->reason : "rejected");

  return kasir_database_step_done (db, stmt, "outbox result", error);
}

static char *
receipt_for_sale_mutation (KasirDatabase *db,
                           gint64         seq)
{
  sqlite3_stmt *stmt;
  char *receipt = NULL;

  stmt = kasir_database_prepare (db,
                                 "SELECT s.receipt_no FROM outbox o "
                                 "JOIN sales s ON s.sale_id = o.entity_id "
                                 "WHERE o.seq = ? AND o.type = 'sale.create'", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, seq);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    receipt = kasir_database_column_dup (stmt, 0);
  kasir_database_stmt_done (stmt);

  return receipt;
}

gboolean
kasir_sync_repository_apply_push (KasirDatabase            *db,
                                  const KasirPushRequest   *request,
                                  const KasirPushResponse  *response,
                                  GPtrArray               **out_synced_sales,
                                  guint                    *out_rejected,
                                  GError                  **error)
{
  g_autoptr(GPtrArray) synced = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) sent = g_hash_table_new (g_int64_hash, g_int64_equal);
  gint64 previous = 0;
  guint rejected = 0;
  gint64 base = 0;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (request != NULL && response != NULL, FALSE);

  for (guint i = 0; i < request->mutations->len; i++)
    {
      KasirMutation *m = request->mutations->pdata[i];

      g_hash_table_add (sent, &m->seq);
    }

  /* The answer must speak of what was sent, in order; anything else is a server bug or a
   * damaged answer, and acking on its word could lose a sale. */
  for (guint i = 0; i < response->results->len; i++)
    {
      KasirPushResult *r = response->results->pdata[i];

      if (!g_hash_table_contains (sent, &r->seq) || r->seq <= previous)
        {
          g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                       _("The server answered for change %" PRId64
                         ", which was not sent or is out of order"), r->seq);
          return FALSE;
        }
      previous = r->seq;
    }

  if (!kasir_database_begin (db, error))
    return FALSE;

  if (!get_seq_base (db, &base, error))
    goto fail;

  for (guint i = 0; i < response->results->len; i++)
    {
      KasirPushResult *r = response->results->pdata[i];

      if (!set_outbox_result (db, r, base, error))
        goto fail;

      if (r->status == KASIR_RESULT_REJECTED)
        rejected++;
      else
        {
          char *receipt = receipt_for_sale_mutation (db, r->seq + base);

          if (receipt != NULL)
            g_ptr_array_add (synced, receipt);
        }
    }

  /* last_acked_seq only moves forward, and never past what this terminal has sent. */
  stmt = kasir_database_prepare (db,
                                 "UPDATE sync_state SET last_acked_seq = ?1 "
                                 "WHERE id = 1 AND last_acked_seq < ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, base + MIN (response->last_seq,
                                           previous > 0 ? previous : response->last_seq));
  if (!kasir_database_step_done (db, stmt, "last acked seq", error))
    goto fail;

  if (!kasir_database_commit (db, error))
    return FALSE;

  if (out_synced_sales != NULL)
    *out_synced_sales = g_steal_pointer (&synced);
  if (out_rejected != NULL)
    *out_rejected = rejected;

  return TRUE;

fail:
  kasir_database_rollback (db);
  return FALSE;
}

gboolean
kasir_sync_repository_record_failure (KasirDatabase           *db,
                                      const KasirPushRequest  *request,
                                      const char              *message,
                                      GError                 **error)
{
  g_autoptr(KasirOutboxRepository) outbox = NULL;
  KasirMutation *first, *last;
  gint64 base = 0;

  g_return_val_if_fail (KASIR_IS_DATABASE (db), FALSE);

  if (request == NULL || request->mutations->len == 0)
    return TRUE;

  if (!get_seq_base (db, &base, error))
    return FALSE;

  first = request->mutations->pdata[0];
  last = request->mutations->pdata[request->mutations->len - 1];
  outbox = kasir_outbox_repository_new (db);

  return kasir_outbox_repository_record_failure (outbox, first->seq + base, last->seq + base,
                                                 message, error);
}

gboolean
kasir_sync_repository_resend_from (KasirDatabase  *db,
                                   gint64          expected_seq,
                                   gboolean       *out_found,
                                   GError        **error)
{
  gint64 found = 0;
  gint64 base = 0;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_DATABASE (db), FALSE);

  if (!kasir_database_begin (db, error))
    return FALSE;

  if (!get_seq_base (db, &base, error))
    goto fail;
  expected_seq += base;

  stmt = kasir_database_prepare (db, "SELECT count(*) FROM outbox WHERE seq = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, expected_seq);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    found = sqlite3_column_int64 (stmt, 0);
  kasir_database_stmt_done (stmt);

  if (found > 0)
    {
      /* Acked rows are kept until the pull after them, so they can be sent again; the
       * server answers their stored results and applies nothing twice. */
      stmt = kasir_database_prepare (db,
                                     "UPDATE outbox SET state = 'pending' "
                                     "WHERE seq >= ? AND state IN ('acked', 'in_flight')",
                                     error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, expected_seq);
      if (!kasir_database_step_done (db, stmt, "resend", error))
        goto fail;

      stmt = kasir_database_prepare (db,
                                     "UPDATE sync_state SET last_acked_seq = ?1 - 1 "
                                     "WHERE id = 1 AND last_acked_seq >= ?1", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, expected_seq);
      if (!kasir_database_step_done (db, stmt, "resend", error))
        goto fail;
    }

  if (!kasir_database_commit (db, error))
    return FALSE;

  *out_found = found > 0;
  return TRUE;

fail:
  kasir_database_rollback (db);
  return FALSE;
}

static gboolean
parse_id (const KasirChange  *change,
          gint64             *out,
          GError            **error)
{
  char *end = NULL;
  gint64 value;

  value = g_ascii_strtoll (change->id, &end, 10);
  if (change->id[0] == '\0' || end == NULL || *end != '\0' || value <= 0)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("A %s change has an unusable id “%s”"), change->entity, change->id);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

static gboolean
run_with_id (KasirDatabase  *db,
             const char     *sql,
             gint64          id,
             GError        **error)
{
  sqlite3_stmt *stmt = kasir_database_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);

  return kasir_database_step_done (db, stmt, "pull delete", error);
}

/* The name of the setting a change names ("<outlet>:<key>"), when it is one of the
 * shop-wide names a server may set (kasir-setting-keys.h); NULL otherwise, so that a
 * server never writes the till's own state (the PIN lockout, the sync cursor). */
static const char *
shop_setting_key (const KasirChange *change)
{
  const char *colon = strchr (change->id, ':');

  if (colon == NULL || !kasir_setting_key_is_shop_wide (colon + 1))
    return NULL;
  return colon + 1;
}

static gboolean
put_setting (KasirDatabase      *db,
             const KasirChange  *change,
             const char         *key,
             GError            **error)
{
  JsonObject *data = JSON_NODE_HOLDS_OBJECT (change->data) ? json_node_get_object (change->data) : NULL;
  JsonNode *value = data != NULL ? json_object_get_member (data, "value") : NULL;
  sqlite3_stmt *stmt;

  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value) ||
      json_node_get_value_type (value) != G_TYPE_STRING ||
      g_strcmp0 (json_object_get_string_member_with_default (data, "key", ""), key) != 0)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("The server sent the setting “%s” without a usable value"), key);
      return FALSE;
    }
  stmt = kasir_database_prepare (db, "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                                 error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, key);
  kasir_database_bind_text (stmt, 2, json_node_get_string (value));

  return kasir_database_step_done (db, stmt, "setting", error);
}

/* What one page brings, gathered per entity so that each repository writes its rows in
 * one call. */
typedef struct
{
  KasirCatalogRepository  *catalog;
  KasirConflictRepository *conflicts_repo;
  GPtrArray               *products;   /* borrowed from the page or from @owned */
  GPtrArray               *owned;
  GPtrArray               *categories;
  GPtrArray               *stock;
  GPtrArray               *customers;
  GPtrArray               *staff;
  GPtrArray               *shifts;
  GPtrArray               *conflicts;
  guint                    new_conflicts;
} PageBatch;

/* One entity kind's change: queued in @batch for its repository, or applied at once
 * when it is a deletion. */
typedef gboolean (*ChangeApplier) (KasirDatabase      *db,
                                   PageBatch          *batch,
                                   const KasirChange  *change,
                                   gint64              id,
                                   GError            **error);

static gboolean
apply_setting (KasirDatabase      *db,
               PageBatch          *batch,
               const KasirChange  *change,
               gint64              id,
               GError            **error)
{
  const char *key = shop_setting_key (change);
  sqlite3_stmt *stmt;

  if (key == NULL)
    {
      g_debug ("Skipping the server setting “%s”: not a shop-wide name", change->id);
      return TRUE;
    }
  if (!change->deleted)
    return put_setting (db, change, key, error);
  stmt = kasir_database_prepare (db, "DELETE FROM settings WHERE key = ?", error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, key);
  return kasir_database_step_done (db, stmt, "setting", error);
}

static gboolean
apply_shift (KasirDatabase      *db,
             PageBatch          *batch,
             const KasirChange  *change,
             gint64              id,
             GError            **error)
{
  KasirShift *shift;

  if (change->deleted)
    return TRUE; /* shifts are history; a server tombstone does not erase a local one */
  if ((shift = kasir_protocol_decode_shift (change->data, error)) == NULL)
    return FALSE;
  g_ptr_array_add (batch->shifts, shift);
  return TRUE;
}

static gboolean
apply_stock (KasirDatabase      *db,
             PageBatch          *batch,
             const KasirChange  *change,
             gint64              id,
             GError            **error)
{
  KasirStock *s;

  if (change->deleted)
    return TRUE; /* stock rows disappear with their product */
  if (change->entity_data != NULL)
    {
      s = kasir_stock_new ();
      *s = *(const KasirStock *) change->entity_data;
    }
  else if ((s = kasir_protocol_decode_stock (change->data, error)) == NULL)
    return FALSE;
  g_ptr_array_add (batch->stock, s);
  return TRUE;
}

static gboolean
apply_product (KasirDatabase      *db,
               PageBatch          *batch,
               const KasirChange  *change,
               gint64              id,
               GError            **error)
{
  KasirProduct *p;

  if (change->deleted)
    return kasir_catalog_repository_delete_product (batch->catalog, id, error);
  if (change->entity_data != NULL)
    {
      g_ptr_array_add (batch->products, change->entity_data);
      return TRUE;
    }
  if ((p = kasir_protocol_decode_product (change->data, error)) == NULL)
    return FALSE;
  g_ptr_array_add (batch->products, p);
  g_ptr_array_add (batch->owned, p);
  return TRUE;
}

static gboolean
apply_category (KasirDatabase      *db,
                PageBatch          *batch,
                const KasirChange  *change,
                gint64              id,
                GError            **error)
{
  KasirCategory *c;

  if (change->deleted)
    return kasir_catalog_repository_delete_category (batch->catalog, id, error);
  if (change->entity_data != NULL)
    c = kasir_category_copy (change->entity_data);
  else if ((c = kasir_protocol_decode_category (change->data, error)) == NULL)
    return FALSE;
  g_ptr_array_add (batch->categories, c);
  return TRUE;
}

static gboolean
apply_customer (KasirDatabase      *db,
                PageBatch          *batch,
                const KasirChange  *change,
                gint64              id,
                GError            **error)
{
  KasirCustomer *customer;

  if (change->deleted)
    return run_with_id (db, "DELETE FROM customers WHERE id = ?", id, error);
  if ((customer = kasir_protocol_decode_customer (change->data, error)) == NULL)
    return FALSE;
  g_ptr_array_add (batch->customers, customer);
  return TRUE;
}

static gboolean
apply_staff (KasirDatabase      *db,
             PageBatch          *batch,
             const KasirChange  *change,
             gint64              id,
             GError            **error)
{
  KasirStaff *staff;

  /* Staff who left are kept inactive: their sales still name them. */
  if (change->deleted)
    return run_with_id (db, "UPDATE staff SET active = 0 WHERE id = ?", id, error);
  if ((staff = kasir_protocol_decode_staff (change->data, error)) == NULL)
    return FALSE;
  g_ptr_array_add (batch->staff, staff);
  return TRUE;
}

static gboolean
apply_conflict (KasirDatabase      *db,
                PageBatch          *batch,
                const KasirChange  *change,
                gint64              id,
                GError            **error)
{
  g_autoptr(KasirConflict) known = NULL;
  g_autoptr(GError) lookup_error = NULL;
  KasirConflict *conflict;

  if (change->deleted)
    return kasir_conflict_repository_delete (batch->conflicts_repo, id, error);
  if ((conflict = kasir_protocol_decode_conflict (change->data, error)) == NULL)
    return FALSE;
  known = kasir_conflict_repository_get (batch->conflicts_repo, conflict->id, &lookup_error);
  if (known == NULL)
    batch->new_conflicts++;
  g_ptr_array_add (batch->conflicts, conflict);
  return TRUE;
}

/* The kinds a till knows; @numeric: its id is an integer. */
static const struct
{
  const char    *entity;
  gboolean       numeric;
  ChangeApplier  apply;
} change_appliers[] = {
  { "setting", FALSE, apply_setting },
  { "shift", FALSE, apply_shift },
  { "stock", FALSE, apply_stock },
  { "product", TRUE, apply_product },
  { "category", TRUE, apply_category },
  { "customer", TRUE, apply_customer },
  { "staff", TRUE, apply_staff },
  { "conflict", TRUE, apply_conflict },
};

static gboolean
apply_change (KasirDatabase      *db,
              PageBatch          *batch,
              const KasirChange  *change,
              GError            **error)
{
  gint64 id = 0;

  for (guint i = 0; i < G_N_ELEMENTS (change_appliers); i++)
    if (g_str_equal (change->entity, change_appliers[i].entity))
      {
        if (change_appliers[i].numeric && !parse_id (change, &id, error))
          return FALSE;
        return change_appliers[i].apply (db, batch, change, id, error);
      }
  /* A newer server may send entities this terminal does not know; skipping them keeps
   * the protocol open to additions. */
  g_debug ("Skipping a change of unknown entity “%s”", change->entity);
  return TRUE;
}

gboolean
kasir_sync_repository_apply_pull (KasirDatabase            *db,
                                  const KasirPullResponse  *page,
                                  guint                    *out_changes,
                                  guint                    *out_new_conflicts,
                                  GError                  **error)
{
  g_autoptr(KasirCatalogRepository) catalog = NULL;
  g_autoptr(KasirConflictRepository) conflicts = NULL;
  g_autoptr(KasirCustomerRepository) customers = NULL;
  g_autoptr(KasirStaffRepository) staff = NULL;
  g_autoptr(KasirShiftRepository) shifts = NULL;
  g_autoptr(GPtrArray) products = g_ptr_array_new ();
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func ((GDestroyNotify)kasir_product_free);
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func ((GDestroyNotify)kasir_category_free);
  g_autoptr(GPtrArray) stock = g_ptr_array_new_with_free_func ((GDestroyNotify)kasir_stock_free);
  g_autoptr(GPtrArray) customer_rows = g_ptr_array_new_with_free_func ((GDestroyNotify)kasir_customer_free);
  g_autoptr(GPtrArray) staff_rows = g_ptr_array_new_with_free_func ((GDestroyNotify)kasir_staff_free);
  g_autoptr(GPtrArray) shift_rows = g_ptr_array_new_with_free_func ((GDestroyNotify)kasir_shift_free);
  g_autoptr(GPtrArray) conflict_rows = g_ptr_array_new_with_free_func ((GDestroyNotify)kasir_conflict_free);
  PageBatch batch;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (page != NULL, FALSE);

  catalog = kasir_catalog_repository_new (db);
  conflicts = kasir_conflict_repository_new (db);
  customers = kasir_customer_repository_new (db);
  staff = kasir_staff_repository_new (db);
  shifts = kasir_shift_repository_new (db);
  batch = (PageBatch) {
    catalog, conflicts, products, owned, categories, stock,
    customer_rows, staff_rows, shift_rows, conflict_rows, 0
  };

  if (!kasir_database_begin (db, error))
    return FALSE;

  for (guint i = 0; i < page->changes->len; i++)
    if (!apply_change (db, &batch, page->changes->pdata[i], error))
      goto fail;

  /* Each repository checks its rows and writes them, joining this transaction. */
  if ((categories->len > 0 &&
       !kasir_catalog_repository_upsert_categories (catalog, categories, error)) ||
      (products->len > 0 && !kasir_catalog_repository_upsert_products (catalog, products, error)) ||
      (products->len > 0 && !kasir_modifier_store_replace_groups (db, products, error)) ||
      (stock->len > 0 && !kasir_catalog_repository_upsert_stock (catalog, stock, error)) ||
      (customer_rows->len > 0 &&
       !kasir_customer_repository_upsert (customers, customer_rows, error)) ||
      (staff_rows->len > 0 && !kasir_staff_repository_upsert (staff, staff_rows, error)) ||
      (shift_rows->len > 0 && !kasir_shift_repository_upsert (shifts, shift_rows, error)) ||
      (conflict_rows->len > 0 &&
       !kasir_conflict_repository_upsert (conflicts, conflict_rows, error)))
    goto fail;

  /* The cursor only moves forward: an old page replayed must not rewind it. */
  stmt = kasir_database_prepare (db,
                                 "UPDATE sync_state SET cursor = ?1 WHERE id = 1 AND cursor < ?1",
                                 error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, page->cursor);
  if (!kasir_database_step_done (db, stmt, "cursor", error))
    goto fail;

  if (!kasir_database_commit (db, error))
    return FALSE;

  if (out_changes != NULL)
    *out_changes = page->changes->len;
  if (out_new_conflicts != NULL)
    *out_new_conflicts = batch.new_conflicts;

  return TRUE;

fail:
  kasir_database_rollback (db);
  return FALSE;
}

gboolean
kasir_sync_repository_set_identity (KasirDatabase  *db,
                                    gint64          terminal_id,
                                    gint64          outlet_id,
                                    const char     *server_url,
                                    GError        **error)
{
  gint64 oldest_unsent = 0;
  gint64 counter = 0;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (terminal_id > 0 && outlet_id > 0 && server_url != NULL, FALSE);

  if (!kasir_database_begin (db, error))
    return FALSE;

  if (!kasir_database_query_int64 (db,
                                   "SELECT min(seq) FROM outbox "
                                   "WHERE state IN ('pending', 'in_flight')",
                                   &oldest_unsent, error) ||
      !kasir_database_query_int64 (db, "SELECT value FROM counters WHERE name = 'outbox_seq'",
                                   &counter, error))
    goto fail;

  stmt = kasir_database_prepare (db,
                                 "UPDATE sync_state SET terminal_id = ?, outlet_id = ?, "
                                 " server_url = ?, seq_base = ?, last_acked_seq = ?, cursor = 0 "
                                 "WHERE id = 1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, terminal_id);
  sqlite3_bind_int64 (stmt, 2, outlet_id);
  kasir_database_bind_text (stmt, 3, server_url);
  /* The new terminal's first seq is 1: the oldest unsent mutation, or the next one made. */
  sqlite3_bind_int64 (stmt, 4, oldest_unsent > 0 ? oldest_unsent - 1 : counter);
  sqlite3_bind_int64 (stmt, 5, oldest_unsent > 0 ? oldest_unsent - 1 : counter);
  if (!kasir_database_step_done (db, stmt, "identity", error))
    goto fail;

  return kasir_database_commit (db, error);

fail:
  kasir_database_rollback (db);
  return FALSE;
}

gboolean
kasir_sync_repository_reset_snapshot (KasirDatabase  *db,
                                      GError        **error)
{
  static const char * const statements[] = {
    "DELETE FROM barcodes",
    "DELETE FROM products",
    "DELETE FROM categories",
    "DELETE FROM stock",
    "DELETE FROM customers",
    "DELETE FROM staff",
    "DELETE FROM conflicts",
    "DELETE FROM settings WHERE key LIKE 'server.%'",
    "UPDATE sync_state SET cursor = 0 WHERE id = 1",
    NULL
  };

  g_return_val_if_fail (KASIR_IS_DATABASE (db), FALSE);

  if (!kasir_database_begin (db, error))
    return FALSE;

  for (guint i = 0; statements[i] != NULL; i++)
    if (!kasir_database_exec (db, statements[i], error))
      {
        kasir_database_rollback (db);
        return FALSE;
      }

  return kasir_database_commit (db, error);
}

gboolean
kasir_sync_repository_prune_acked (KasirDatabase  *db,
                                   GError        **error)
{
  g_autoptr(KasirOutboxRepository) outbox = NULL;
  gint64 last_acked = 0;

  g_return_val_if_fail (KASIR_IS_DATABASE (db), FALSE);

  if (!kasir_database_query_int64 (db, "SELECT last_acked_seq FROM sync_state WHERE id = 1",
                                   &last_acked, error))
    return FALSE;

  /* Products made here give way to the server's, which this pull brought. */
  if (!kasir_catalog_admin_repository_drop_pending (db, error))
    return FALSE;
  outbox = kasir_outbox_repository_new (db);
  if (!kasir_outbox_repository_prune_acked (outbox, last_acked, error))
    return FALSE;

  /* Once a day, synced sales older than the retention leave too. */
  kasir_sales_retention_prune_daily (db);

  return TRUE;
}
