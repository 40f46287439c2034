/* test-conflicts.c — the conflict-review data, offline product edits, the sync
 * dashboard and outbox export/import, against a real kasir-server on loopback.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "kasir-cart.h"
#include "kasir-catalog-repository.h"
#include "kasir-conflict-repository.h"
#include "kasir-database-private.h"
#include "kasir-key-store.h"
#include "kasir-outbox-export.h"
#include "kasir-outbox-repository.h"
#include "kasir-outbox-transfer.h"
#include "kasir-product-edit-repository.h"
#include "kasir-sales-repository.h"
#include "kasir-sync-history-repository.h"
#include "kasir-test-network-monitor.h"
#include "sync-test-util.h"

typedef SyncTestTill Till;

typedef SyncTestOutlet Fixture;

/* Syncs now and waits until the queue is empty and the service idle again. */
static void
sync_till (Till *till)
{
  GDateTime *before = kasir_sync_service_get_last_sync_time (till->service);
  gint64 before_us = before != NULL ? g_date_time_to_unix (before) * G_USEC_PER_SEC
                                      + g_date_time_get_microsecond (before) : 0;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  kasir_sync_service_sync_now (till->service);
  /* A sync that ends after this call, with nothing left to send. */
  while (g_get_monotonic_time () < deadline)
    {
      GDateTime *last = kasir_sync_service_get_last_sync_time (till->service);
      gint64 last_us = last != NULL ? g_date_time_to_unix (last) * G_USEC_PER_SEC
                                      + g_date_time_get_microsecond (last) : 0;

      if (last_us > before_us && kasir_sync_service_get_idle (till->service) &&
          kasir_sync_service_get_pending_count (till->service) == 0 &&
          sync_test_local_query (till->db, "SELECT count(*) FROM outbox WHERE state IN ('pending','in_flight')") == 0)
        return;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_error ("the till did not finish a sync (last error: %s)",
           kasir_sync_service_get_last_error (till->service));
}

static void
go_offline (Till *till)
{
  kasir_test_network_monitor_set_available (till->monitor, FALSE);
}

static void
go_online (Till *till)
{
  kasir_test_network_monitor_set_available (till->monitor, TRUE);
}

/* Sells @qty of @product_id for cash; returns the receipt number. */
static char *
sell (KasirDatabase *db,
      gint64         product_id,
      gint64         qty,
      gint64         staff_id)
{
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (db);
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (db);
  g_autoptr(KasirCart) cart = kasir_cart_new ("IDR", TRUE);
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  g_autoptr(KasirProduct) product = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(GError) error = NULL;

  product = kasir_catalog_repository_get_product (catalog, product_id, &error);
  g_assert_no_error (error);
  kasir_cart_add_product (cart, product, qty);
  g_assert_true (kasir_cart_compute (cart, &error));
  g_assert_no_error (error);
  g_ptr_array_add (payments, kasir_payment_new (KASIR_PAYMENT_CASH, (cart->total / 1000 + 1) * 1000));
  sale = kasir_cart_to_sale (cart, payments, 0, &error);
  g_assert_no_error (error);
  sale->staff_id = staff_id;
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);

  return g_strdup (sale->receipt_no);
}

static gint64
staff_with_role (KasirDatabase *db,
                 const char    *role)
{
  g_autofree char *sql = g_strdup_printf ("SELECT min(id) FROM staff WHERE outlet_id = 1 AND role = '%s'",
                                          role);
  gint64 id = sync_test_local_query (db, sql);

  g_assert_cmpint (id, >, 0);
  return id;
}

static char *
staff_name_of (KasirDatabase *db,
               gint64         id)
{
  sqlite3_stmt *stmt = kasir_database_prepare (db, "SELECT name FROM staff WHERE id = ?", NULL);
  char *name;

  g_assert_nonnull (stmt);
  sqlite3_bind_int64 (stmt, 1, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  name = kasir_database_column_dup (stmt, 0);
  kasir_database_stmt_done (stmt);
  return name;
}

static KasirConflictEntry *
only_open (KasirDatabase     *db,
           KasirConflictKind  kind)
{
  g_autoptr(KasirConflictRepository) repo = kasir_conflict_repository_new (db);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  list = kasir_conflict_repository_list_entries (repo, KASIR_CONFLICT_OPEN, kind, 0, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  return g_ptr_array_steal_index (list, 0);
}

static gint64
choose_product (KasirDatabase *db)
{
  /* A product with a few units in stock at outlet 1. */
  gint64 id = sync_test_local_query (db, "SELECT min(product_id) FROM stock WHERE outlet_id = 1 "
                             "AND qty BETWEEN 2 AND 500 AND product_id <= 200");
  g_assert_cmpint (id, >, 0);
  return id;
}

/* Two tills sell the last units of a product while offline: the server opens a stock
 * shortage conflict against the one that came second, and both tills get it. A manager
 * on A resolves it (pending, then applied); B, offline, resolves it too and ends up
 * "already resolved" with A's manager as the winner. */
static void
test_stock_shortage (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(KasirConflictRepository) repo_a = kasir_conflict_repository_new (f->a.db);
  g_autoptr(KasirConflictRepository) repo_b = kasir_conflict_repository_new (f->b.db);
  g_autoptr(KasirOutboxRepository) outbox_a = kasir_outbox_repository_new (f->a.db);
  g_autoptr(KasirConflictEntry) entry_a = NULL;
  g_autoptr(KasirConflictEntry) entry_b = NULL;
  g_autoptr(KasirConflictEntry) after = NULL;
  g_autoptr(KasirConflictDetail) detail_b = NULL;
  g_autoptr(KasirConflictDetail) detail_a = NULL;
  g_autoptr(JsonNode) counted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *receipt_b = NULL;
  g_autofree char *receipt_a = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *manager_name = NULL;
  g_autofree char *csv = NULL;
  gint64 product = choose_product (f->a.db);
  gint64 manager = staff_with_role (f->a.db, "manager");
  gint64 cashier = staff_with_role (f->b.db, "cashier");
  gint64 stock, seq_a, seq_b, n = -1;

  sql = g_strdup_printf ("SELECT qty FROM stock WHERE product_id = %" G_GINT64_FORMAT
                         " AND outlet_id = 1", product);
  stock = sync_test_local_query (f->a.db, sql);
  manager_name = staff_name_of (f->a.db, manager);

  go_offline (&f->a);
  go_offline (&f->b);
  receipt_a = sell (f->a.db, product, stock, cashier);
  receipt_b = sell (f->b.db, product, 1, cashier);

  go_online (&f->a);
  sync_till (&f->a);
  go_online (&f->b);
  sync_till (&f->b);
  sync_till (&f->a);

  /* Both tills list the conflict; the badge count agrees. */
  entry_a = only_open (f->a.db, KASIR_CONFLICT_STOCK_SHORTAGE);
  entry_b = only_open (f->b.db, KASIR_CONFLICT_STOCK_SHORTAGE);
  g_assert_cmpint (entry_a->conflict->id, ==, entry_b->conflict->id);
  g_assert_true (kasir_conflict_repository_count (repo_a, KASIR_CONFLICT_OPEN, -1, &n, &error));
  g_assert_cmpint (n, ==, 1);
  g_assert_true (kasir_conflict_repository_count (repo_a, KASIR_CONFLICT_OPEN,
                                                  KASIR_CONFLICT_LOYALTY_OVERSPENT, &n, &error));
  g_assert_cmpint (n, ==, 0);
  g_assert_cmpint (entry_a->amount, ==, 1);
  g_assert_false (entry_a->from_this_terminal);
  g_assert_true (entry_b->from_this_terminal);
  g_assert_nonnull (entry_a->what);
  g_assert_cmpint (entry_a->local_state, ==, KASIR_LOCAL_RESOLUTION_NONE);

  /* The side-by-side view on B leads back to B's own sale, lines and cashier: by the
   * sale's id, which the conflict carries, not by a log row per sale (there is none). */
  g_assert_cmpint (sync_test_local_query (f->b.db, "SELECT count(*) FROM outbox_log "
                                                   "WHERE type = 'sale.create'"), ==, 0);
  detail_b = kasir_conflict_repository_get_detail (repo_b, entry_b->conflict->id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (detail_b->sale);
  g_assert_cmpstr (detail_b->sale->receipt_no, ==, receipt_b);
  g_assert_cmpuint (detail_b->sale->lines->len, ==, 1);
  g_assert_cmpuint (detail_b->sale->payments->len, ==, 1);
  g_assert_nonnull (detail_b->cashier_name);
  g_assert_cmpuint (detail_b->fields->len, >=, 2);
  for (guint i = 0; i < detail_b->fields->len; i++)
    {
      KasirConflictField *field = detail_b->fields->pdata[i];

      if (g_str_equal (field->name, "qty"))
        {
          g_assert_true (field->differs);
          g_assert_cmpint (json_node_get_int (field->server), ==, -1);
          g_assert_cmpint (json_node_get_int (field->base), ==, 0);
        }
    }
  detail_a = kasir_conflict_repository_get_detail (repo_a, entry_a->conflict->id, &error);
  g_assert_no_error (error);
  g_assert_null (detail_a->sale);
  /* A, which did not make the sale, still knows which receipt it was. */
  g_assert_cmpstr (detail_a->receipt_no, ==, receipt_b);
  g_assert_cmpuint (detail_a->fields->len, ==, detail_b->fields->len);
  for (guint i = 0; i < detail_a->fields->len; i++)
    g_assert_cmpstr (((KasirConflictField *) detail_a->fields->pdata[i])->name, !=, "receipt_no");

  /* Decisions are checked before anything is queued. */
  g_assert_true (kasir_outbox_repository_get_last_seq (outbox_a, &seq_a, &error));
  g_assert_cmpint (kasir_conflict_repository_decide (repo_a, entry_a->conflict->id, "accept", NULL,
                                                     NULL, manager, &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_cmpint (kasir_conflict_repository_decide (repo_a, entry_a->conflict->id, "write_off",
                                                     "note", NULL, manager, &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kasir_conflict_repository_decide (repo_a, entry_a->conflict->id, "counted_stock",
                                                     "counted", NULL, manager, &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  g_assert_cmpint (kasir_conflict_repository_decide (repo_a, entry_a->conflict->id, "void_sale",
                                                     "void", NULL, manager, &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kasir_outbox_repository_get_last_seq (outbox_a, &n, &error));
  g_assert_cmpint (n, ==, seq_a);

  /* B is offline when its manager decides; A decides and syncs first. */
  go_offline (&f->b);
  seq_b = kasir_conflict_repository_decide (repo_b, entry_b->conflict->id, "accept",
                                            "Keep it negative, delivery tomorrow", NULL,
                                            staff_with_role (f->b.db, "manager"),
                                            &error);
  g_assert_no_error (error);
  g_assert_cmpint (seq_b, >, 0);

  go_offline (&f->a);
  counted = json_from_string ("{\"qty\": 7}", NULL);
  seq_a = kasir_conflict_repository_decide (repo_a, entry_a->conflict->id, "counted_stock",
                                            "=HYPERLINK(\"x\"), counted twice", counted, manager,
                                            &error);
  g_assert_no_error (error);
  g_assert_cmpint (seq_a, >, 0);
  after = kasir_conflict_repository_get_entry (repo_a, entry_a->conflict->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->local_state, ==, KASIR_LOCAL_RESOLUTION_PENDING);
  g_assert_cmpint (after->conflict->status, ==, KASIR_CONFLICT_RESOLVED);
  g_assert_cmpstr (after->local_decision, ==, "counted_stock");
  g_clear_pointer (&after, kasir_conflict_entry_free);
  /* A second decision on the same conflict is refused here. */
  g_assert_cmpint (kasir_conflict_repository_decide (repo_a, entry_a->conflict->id, "accept",
                                                     "again", NULL, manager, &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_clear_error (&error);

  go_online (&f->a);
  sync_till (&f->a);
  after = kasir_conflict_repository_get_entry (repo_a, entry_a->conflict->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->local_state, ==, KASIR_LOCAL_RESOLUTION_APPLIED);
  g_assert_cmpstr (after->resolved_decision, ==, "counted_stock");
  g_assert_cmpstr (after->resolved_by_name, ==, manager_name);
  g_clear_pointer (&after, kasir_conflict_entry_free);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT qty FROM stock WHERE product_id = %" G_GINT64_FORMAT
                         " AND outlet_id = 1", product);
  g_assert_cmpint (sync_test_server_query (f->server, sql), ==, 7);

  go_online (&f->b);
  sync_till (&f->b);
  after = kasir_conflict_repository_get_entry (repo_b, entry_b->conflict->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->local_state, ==, KASIR_LOCAL_RESOLUTION_ALREADY_RESOLVED);
  g_assert_cmpstr (after->local_decision, ==, "accept");
  g_assert_cmpstr (after->resolved_decision, ==, "counted_stock");
  g_assert_cmpstr (after->resolved_by_name, ==, manager_name);
  g_assert_nonnull (after->resolved_at);
  g_assert_true (kasir_rfc3339_is_valid (after->resolved_at));
  g_assert_cmpint (after->conflict->status, ==, KASIR_CONFLICT_RESOLVED);
  g_test_message ("B sees: already resolved by %s at %s", after->resolved_by_name, after->resolved_at);

  /* History and its CSV: the note's formula is defused and its comma and quotes quoted. */
  {
    g_autoptr(GPtrArray) history = kasir_conflict_repository_list_history (repo_a, 0, 50, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (history->len, >=, 1);
  }
  csv = kasir_conflict_repository_export_history_csv (repo_a, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (csv, "id,created_at,kind,status,"));
  g_assert_nonnull (strstr (csv, ",\"'=HYPERLINK(\"\"x\"\"), counted twice\","));
  g_assert_nonnull (strstr (csv, manager_name));
  g_assert_nonnull (strstr (csv, "\r\n"));
}

/* The till that made the sale voids it: the decision and a refund of the whole sale go
 * out together, and the server puts the units back. */
static void
test_void_sale (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(KasirConflictRepository) repo_b = kasir_conflict_repository_new (f->b.db);
  g_autoptr(KasirConflictEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  gint64 product = choose_product (f->a.db);
  gint64 manager = staff_with_role (f->b.db, "manager");
  gint64 stock, seq;

  sql = g_strdup_printf ("SELECT qty FROM stock WHERE product_id = %" G_GINT64_FORMAT
                         " AND outlet_id = 1", product);
  stock = sync_test_local_query (f->a.db, sql);
  go_offline (&f->a);
  go_offline (&f->b);
  g_free (sell (f->a.db, product, stock, 0));
  g_free (sell (f->b.db, product, 2, 0));
  go_online (&f->a);
  sync_till (&f->a);
  go_online (&f->b);
  sync_till (&f->b);
  g_assert_cmpint (sync_test_server_query (f->server, sql), ==, -2);

  entry = only_open (f->b.db, KASIR_CONFLICT_STOCK_SHORTAGE);
  g_assert_cmpint (entry->amount, ==, 2);
  g_assert_cmpint (kasir_conflict_repository_decide (repo_b, entry->conflict->id, "void_sale", "  ",
                                                     NULL, manager, &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED);
  g_clear_error (&error);
  seq = kasir_conflict_repository_decide (repo_b, entry->conflict->id, "void_sale",
                                          "Customer brought the goods back", NULL, manager, &error);
  g_assert_no_error (error);
  g_assert_cmpint (seq, >, 0);
  g_assert_cmpint (sync_test_local_query (f->b.db, "SELECT count(*) FROM outbox WHERE type = 'sale.refund' "
                                       "AND state = 'pending'"), ==, 1);
  sync_till (&f->b);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM refunds"), ==, 1);
  g_assert_cmpint (sync_test_server_query (f->server, sql), ==, 0);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM conflicts "
                                                      "WHERE kind = 'stock_shortage' AND status = 'resolved'"), ==, 1);
  {
    g_autoptr(KasirConflictEntry) after = kasir_conflict_repository_get_entry (repo_b, entry->conflict->id,
                                                                              &error);

    g_assert_no_error (error);
    g_assert_cmpint (after->local_state, ==, KASIR_LOCAL_RESOLUTION_APPLIED);
    g_assert_cmpstr (after->resolved_decision, ==, "void_sale");
    g_assert_cmpstr (after->resolved_note, ==, "Customer brought the goods back");
  }
}

/* Sells product 1 to @customer_id, paying @points with loyalty points and the rest in cash. */
static void
sell_with_points (KasirDatabase *db,
                  gint64         customer_id,
                  gint64         points)
{
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (db);
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (db);
  g_autoptr(KasirCart) cart = kasir_cart_new ("IDR", TRUE);
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  g_autoptr(KasirProduct) product = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(GError) error = NULL;

  product = kasir_catalog_repository_get_product (catalog, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (product->price, >, 0);
  /* Enough units that the points pay only part of the bill. */
  kasir_cart_add_product (cart, product, points / product->price + 1);
  cart->customer_id = customer_id;
  g_assert_true (kasir_cart_compute (cart, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cart->total, >, points);
  /* The points pay as a "points" payment, one minor unit each. */
  g_ptr_array_add (payments, kasir_payment_new (KASIR_PAYMENT_POINTS, points));
  g_ptr_array_add (payments, kasir_payment_new (KASIR_PAYMENT_CASH,
                                                ((cart->total - points) / 1000 + 1) * 1000));
  sale = kasir_cart_to_sale (cart, payments, points, &error);
  g_assert_no_error (error);
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);
}

/* Points spent twice: the second till's sale opens loyalty_overspent with the shortfall;
 * the manager writes it off (with a note). */
static void
test_loyalty_write_off (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(KasirConflictRepository) repo = kasir_conflict_repository_new (f->b.db);
  g_autoptr(KasirConflictEntry) entry = NULL;
  g_autoptr(KasirConflictEntry) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) no_amount = json_from_string ("{}", NULL);
  gint64 customer = sync_test_local_query (f->a.db, "SELECT min(id) FROM customers WHERE loyalty_points >= 2");
  gint64 manager = staff_with_role (f->b.db, "manager");
  g_autofree char *sql = g_strdup_printf ("SELECT loyalty_points FROM customers WHERE id = %"
                                          G_GINT64_FORMAT, customer);
  gint64 points;

  g_assert_cmpint (customer, >, 0);
  points = sync_test_local_query (f->a.db, sql);
  go_offline (&f->a);
  go_offline (&f->b);
  sell_with_points (f->a.db, customer, points);
  sell_with_points (f->b.db, customer, 2);
  go_online (&f->a);
  sync_till (&f->a);
  go_online (&f->b);
  sync_till (&f->b);

  entry = only_open (f->b.db, KASIR_CONFLICT_LOYALTY_OVERSPENT);
  g_assert_cmpint (entry->amount, ==, 2);
  g_assert_false (entry->amount_is_money);
  g_assert_true (kasir_conflict_decision_allowed (KASIR_CONFLICT_LOYALTY_OVERSPENT, KASIR_DECISION_WRITE_OFF));
  g_assert_false (kasir_conflict_decision_allowed (KASIR_CONFLICT_LOYALTY_OVERSPENT,
                                                   KASIR_DECISION_COUNTED_STOCK));
  g_assert_true (kasir_conflict_decision_needs_note (KASIR_CONFLICT_LOYALTY_OVERSPENT, KASIR_DECISION_ACCEPT));
  g_assert_false (kasir_conflict_decision_needs_note (KASIR_CONFLICT_PRICE_CHANGED, KASIR_DECISION_ACKNOWLEDGE));

  g_assert_cmpint (kasir_conflict_repository_decide (repo, entry->conflict->id, "charge_difference",
                                                     "charge it", no_amount, manager, &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  g_assert_cmpint (kasir_conflict_repository_decide (repo, entry->conflict->id, "write_off", NULL,
                                                     NULL, manager, &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_cmpint (kasir_conflict_repository_decide (repo, entry->conflict->id, "write_off",
                                                     "Regular customer, goodwill", NULL, manager,
                                                     &error), >, 0);
  g_assert_no_error (error);
  sync_till (&f->b);
  after = kasir_conflict_repository_get_entry (repo, entry->conflict->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->local_state, ==, KASIR_LOCAL_RESOLUTION_APPLIED);
  g_assert_cmpint (after->conflict->status, ==, KASIR_CONFLICT_RESOLVED);
  g_assert_cmpstr (after->resolved_decision, ==, "write_off");
}

/* Offline product edits: different fields merge by themselves; the same field on both
 * tills becomes a concurrent_edit conflict, settled field by field. */
static void
test_product_edit_merge (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(KasirProductEditRepository) edit_a = kasir_product_edit_repository_new (f->a.db);
  g_autoptr(KasirProductEditRepository) edit_b = kasir_product_edit_repository_new (f->b.db);
  g_autoptr(KasirConflictRepository) repo_b = kasir_conflict_repository_new (f->b.db);
  g_autoptr(KasirCatalogRepository) catalog_a = kasir_catalog_repository_new (f->a.db);
  g_autoptr(KasirConflictEntry) entry = NULL;
  g_autoptr(KasirConflictDetail) detail = NULL;
  g_autoptr(KasirProduct) local = NULL;
  g_autoptr(JsonNode) name = json_from_string ("{\"name\": \"Kopi Merge Test\"}", NULL);
  g_autoptr(JsonNode) choice = NULL;
  g_autoptr(JsonNode) bad_choice = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  gint64 product = 17;
  gint64 manager = staff_with_role (f->b.db, "manager");
  gint64 stock_before, local_before;
  gboolean found_price = FALSE;

  go_offline (&f->a);
  go_offline (&f->b);
  g_assert_cmpint (kasir_product_edit_repository_set_price (edit_a, product, 12345, manager, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (kasir_product_edit_repository_update (edit_b, product, name, manager, &error), >, 0);
  g_assert_no_error (error);
  /* The till shows its own change at once. */
  local = kasir_catalog_repository_get_product (catalog_a, product, &error);
  g_assert_no_error (error);
  g_assert_cmpint (local->price, ==, 12345);
  /* Bad edits are refused and change nothing. */
  g_assert_cmpint (kasir_product_edit_repository_set_price (edit_a, product, -5, manager, &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kasir_product_edit_repository_adjust_stock (edit_a, product, 3, "  ", manager, &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED);
  g_clear_error (&error);

  go_online (&f->a);
  sync_till (&f->a);
  go_online (&f->b);
  sync_till (&f->b);
  sync_till (&f->a);
  sql = g_strdup_printf ("SELECT price FROM products WHERE id = %" G_GINT64_FORMAT, product);
  g_assert_cmpint (sync_test_server_query (f->server, sql), ==, 12345);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM products WHERE id = %" G_GINT64_FORMAT
                         " AND name = 'Kopi Merge Test'", product);
  g_assert_cmpint (sync_test_server_query (f->server, sql), ==, 1);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM conflicts WHERE kind = 'concurrent_edit'"), ==, 0);
  g_assert_cmpint (sync_test_local_query (f->b.db, "SELECT price FROM products WHERE id = 17"), ==, 12345);

  /* Both change the price: the second is a conflict; the server keeps A's price. */
  go_offline (&f->a);
  go_offline (&f->b);
  g_assert_cmpint (kasir_product_edit_repository_set_price (edit_a, product, 11111, manager, &error), >, 0);
  g_assert_cmpint (kasir_product_edit_repository_set_price (edit_b, product, 22222, manager, &error), >, 0);
  g_assert_no_error (error);
  go_online (&f->a);
  sync_till (&f->a);
  go_online (&f->b);
  sync_till (&f->b);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT price FROM products WHERE id = %" G_GINT64_FORMAT, product);
  g_assert_cmpint (sync_test_server_query (f->server, sql), ==, 11111);

  entry = only_open (f->b.db, KASIR_CONFLICT_CONCURRENT_EDIT);
  g_assert_true (entry->amount_is_money);
  g_assert_cmpint (entry->amount, ==, 22222 - 11111);
  detail = kasir_conflict_repository_get_detail (repo_b, entry->conflict->id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (detail->origin);
  g_assert_cmpint (detail->origin->type, ==, KASIR_MUTATION_PRODUCT_UPDATE);
  for (guint i = 0; i < detail->fields->len; i++)
    {
      KasirConflictField *field = detail->fields->pdata[i];

      if (g_str_equal (field->name, "price"))
        {
          found_price = TRUE;
          g_assert_true (field->differs);
          g_assert_cmpint (json_node_get_int (field->base), ==, 12345);
          g_assert_cmpint (json_node_get_int (field->terminal), ==, 22222);
          g_assert_cmpint (json_node_get_int (field->server), ==, 11111);
        }
    }
  g_assert_true (found_price);

  /* Every conflicting field needs a choice. */
  bad_choice = json_from_string ("{\"fields\": {}}", NULL);
  g_assert_cmpint (kasir_conflict_repository_decide (repo_b, entry->conflict->id, "merge", NULL,
                                                     bad_choice, manager, &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED);
  g_clear_error (&error);

  /* Keep mine: the conflict is resolved and B's price goes out as a new edit. */
  choice = json_from_string ("{\"fields\": {\"price\": \"mine\"}}", NULL);
  g_assert_cmpint (kasir_conflict_repository_decide (repo_b, entry->conflict->id, "merge", NULL,
                                                     choice, manager, &error), >, 0);
  g_assert_no_error (error);
  sync_till (&f->b);
  g_assert_cmpint (sync_test_server_query (f->server, sql), ==, 22222);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM conflicts WHERE kind = 'concurrent_edit' AND status = 'resolved'"), ==, 1);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM conflicts WHERE kind = 'concurrent_edit'"), ==, 1);
  g_clear_pointer (&entry, kasir_conflict_entry_free);
  entry = kasir_conflict_repository_get_entry (repo_b, detail->entry->conflict->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry->local_state, ==, KASIR_LOCAL_RESOLUTION_APPLIED);

  /* A stock adjustment is a delta with a reason, applied here at once and on the server. */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT qty FROM stock WHERE product_id = %" G_GINT64_FORMAT
                         " AND outlet_id = 1", product);
  stock_before = sync_test_server_query (f->server, sql);
  local_before = sync_test_local_query (f->a.db, sql);
  g_assert_cmpint (kasir_product_edit_repository_adjust_stock (edit_a, product, -2, "broken in transit",
                                                               manager, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (sync_test_local_query (f->a.db, sql), ==, local_before - 2);
  sync_till (&f->a);
  g_assert_cmpint (sync_test_server_query (f->server, sql), ==, stock_before - 2);
}

/* The dashboard: a mutation the server refuses is listed with its reason, and the
 * service's syncs show up in the metrics and the 24-hour chart. */
static void
test_dashboard (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(KasirOutboxRepository) outbox = kasir_outbox_repository_new (f->a.db);
  g_autoptr(GPtrArray) rejected = NULL;
  g_autoptr(GArray) hours = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("{\"product_id\": 987654321, \"base_version\": 1, "
                                           "\"staff_id\": %" G_GINT64_FORMAT ", "
                                           "\"fields\": {\"price\": 5000}}",
                                           staff_with_role (f->a.db, "manager"));
  g_autoptr(JsonNode) payload = json_from_string (text, NULL);
  g_autofree char *explained = NULL;
  KasirSyncMetrics metrics = { 0 };
  KasirOutboxEntry *entry;
  gint64 seq, reset = -1, successes = 0;

  seq = kasir_outbox_repository_enqueue (outbox, KASIR_MUTATION_PRODUCT_UPDATE, "987654321",
                                         payload, &error);
  g_assert_no_error (error);
  g_assert_cmpint (seq, >, 0);
  sync_till (&f->a);

  rejected = kasir_outbox_repository_list_entries (outbox, KASIR_OUTBOX_REJECTED, 0, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rejected->len, ==, 1);
  entry = rejected->pdata[0];
  g_assert_cmpint (entry->mutation->seq, ==, seq);
  g_assert_nonnull (entry->last_error);
  g_assert_true (g_str_has_prefix (entry->last_error, "unknown_product"));
  explained = kasir_sync_history_explain_rejection (entry->last_error);
  g_test_message ("rejected: %s -> %s", entry->last_error, explained);
  g_assert_nonnull (strstr (explained, "987654321"));

  /* The syncs so far (enrollment and this one) were recorded by the service. A run's
   * history is written on the service's worker after the run ends: wait for it. */
  for (gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;;)
    {
      kasir_sync_metrics_clear (&metrics);
      g_assert_true (kasir_sync_history_get_metrics (f->a.db, 0, &metrics, &error));
      g_assert_no_error (error);
      if (metrics.syncs >= 2 || g_get_monotonic_time () > deadline)
        break;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_assert_cmpint (metrics.syncs, >=, 2);
  g_assert_cmpint (metrics.successes, >=, 2);
  g_assert_cmpint (metrics.syncs, ==, metrics.successes + metrics.failures);
  g_assert_nonnull (metrics.last_success_at);
  g_assert_cmpint (metrics.rejected, ==, 1);
  g_assert_cmpint (metrics.pending, ==, 0);
  g_assert_cmpint (metrics.oldest_unsynced_sale_age_s, ==, -1);
  kasir_sync_metrics_clear (&metrics);

  hours = kasir_sync_history_hourly (f->a.db, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hours->len, ==, 24);
  for (guint i = 0; i < hours->len; i++)
    successes += g_array_index (hours, KasirSyncHourBucket, i).successes;
  g_assert_cmpint (g_array_index (hours, KasirSyncHourBucket, 23).successes, >=, 1);
  g_assert_cmpint (successes, >=, 2);

  /* Offline: a failing server shows up as failures, and an old unsent sale as its age. */
  sync_test_server_stop (f->server);
  g_free (sell (f->a.db, 3, 1, 0));
  kasir_sync_service_sync_now (f->a.service);
  {
    gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    do
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (2000);
        g_assert_true (kasir_sync_history_get_metrics (f->a.db, 0, &metrics, &error));
        if (metrics.failures > 0)
          break;
        kasir_sync_metrics_clear (&metrics);
      }
    while (g_get_monotonic_time () < deadline);
  }
  g_assert_cmpint (metrics.failures, >, 0);
  g_assert_nonnull (metrics.last_error);
  g_assert_cmpint (metrics.pending, ==, 1);
  g_assert_cmpint (metrics.oldest_unsynced_sale_age_s, >=, 0);
  kasir_sync_metrics_clear (&metrics);
  g_assert_true (kasir_sync_history_get_metrics (f->a.db, g_get_real_time () / G_USEC_PER_SEC + 3600,
                                                 &metrics, &error));
  g_assert_cmpint (metrics.oldest_unsynced_sale_age_s, >=, 3600);
  kasir_sync_metrics_clear (&metrics);

  /* Retry now starts the failing rows afresh; the rejected one stays rejected. */
  g_assert_true (kasir_sync_history_reset_attempts (f->a.db, &reset, &error));
  g_assert_no_error (error);
  g_assert_cmpint (reset, ==, 1);
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT count(*) FROM outbox WHERE state = 'rejected'"), ==, 1);
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT max(attempts) FROM outbox WHERE state IN ('pending','in_flight')"), ==, 0);
  sync_test_server_start (f->server, f->server->port);
  sync_till (&f->a);
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT count(*) FROM outbox WHERE state = 'rejected'"), ==, 1);
}

typedef struct
{
  gboolean           done;
  gboolean           ok;
  KasirPushResponse *response;
  gint64             terminal_id;
  GError            *error;
} Waiter;

static gboolean
waiter_done (gpointer data)
{
  return ((Waiter *) data)->done;
}

static void
on_registered (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Waiter *w = user_data;

  w->ok = kasir_outbox_transfer_register_key_finish (result, &w->error);
  w->done = TRUE;
}

static void
register_key (Till *till)
{
  Waiter w = { 0 };

  kasir_outbox_transfer_register_key_async (till->db, NULL, on_registered, &w);
  g_assert_true (sync_test_wait_for (waiter_done, &w, 30));
  g_assert_no_error (w.error);
  g_assert_true (w.ok);
}

static void
on_uploaded (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Waiter *w = user_data;

  w->response = kasir_outbox_transfer_upload_finish (result, &w->terminal_id, &w->error);
  w->done = TRUE;
}

/* Uploads @document from @till; returns the answer or NULL with @error. */
static KasirPushResponse *
upload (Till        *till,
        const char  *document,
        gint64      *out_terminal_id,
        GError     **error)
{
  Waiter w = { 0 };

  kasir_outbox_transfer_upload_async (till->db, document, NULL, on_uploaded, &w);
  g_assert_true (sync_test_wait_for (waiter_done, &w, 60));
  if (w.error != NULL)
    g_propagate_error (error, w.error);
  if (out_terminal_id != NULL)
    *out_terminal_id = w.terminal_id;
  return w.response;
}

static gint64
till_terminal_id (Till *till)
{
  return sync_test_local_query (till->db, "SELECT terminal_id FROM sync_state WHERE id = 1");
}

/* A till that stays offline exports its unsent sales; another till of the outlet imports
 * them (and the admin imports a second file with kasir-server import-outbox); when the
 * first till comes back and pushes the same seqs, every sale is on the server once. */
static void
test_export_import (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "till-a.kasir-outbox", NULL);
  g_autofree char *path2 = g_build_filename (f->dir, "till-a-2.kasir-outbox", NULL);
  g_autofree char *document = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(KasirOutboxBundle) bundle = NULL;
  g_autoptr(KasirPushResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  const char *passphrase = "kopi susu gula aren";
  gint64 terminal_a = till_terminal_id (&f->a);
  gint64 exporter = 0;
  guint count = 0;
  gsize length = 0;

  go_offline (&f->a);
  for (guint i = 0; i < 5; i++)
    g_free (sell (f->a.db, 10 + i, 1, 0));

  /* The sync service registered the till's key after its first sync; registering again
   * is a no-op. */
  go_online (&f->a);
  register_key (&f->a);
  register_key (&f->a);   /* again: a no-op */
  register_key (&f->b);
  go_offline (&f->a);
  /* The network came back for a moment; the queue may have moved, so sell again. */
  for (guint i = 0; i < 3; i++)
    g_free (sell (f->a.db, 20 + i, 2, 0));

  /* A short passphrase is refused. */
  g_assert_false (kasir_outbox_export_write_file (f->a.db, path, NULL, "short", &count, &error));
  g_assert_error (error, KASIR_OUTBOX_BUNDLE_ERROR, KASIR_OUTBOX_BUNDLE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kasir_outbox_export_write_file (f->a.db, path, "Till A", passphrase, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, sync_test_local_query (f->a.db, "SELECT count(*) FROM outbox WHERE state IN ('pending','in_flight')"));
  g_assert_cmpuint (count, >=, 3);
  g_test_message ("exported %u mutations", count);

  /* The file holds nothing readable without the passphrase. */
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_null (strstr (contents, "sale.create"));
  g_assert_null (strstr (contents, "receipt_no"));

  /* Opening it: wrong passphrase, the wrong till, then B. */
  g_assert_null (kasir_outbox_export_read_file (f->b.db, path, "kopi susu gula pasir", NULL, &error));
  g_assert_error (error, KASIR_OUTBOX_BUNDLE_ERROR, KASIR_OUTBOX_BUNDLE_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  g_assert_null (kasir_outbox_export_read_file (f->a.db, path, passphrase, NULL, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  document = kasir_outbox_export_read_file (f->b.db, path, passphrase, &bundle, &error);
  g_assert_no_error (error);
  g_assert_nonnull (document);
  g_assert_cmpint (bundle->terminal_id, ==, terminal_a);
  g_assert_cmpstr (bundle->terminal_name, ==, "Till A");
  g_assert_cmpuint (bundle->mutations->len, ==, count);

  /* A damaged file is refused, not half-read. */
  {
    g_autofree char *damaged_path = g_build_filename (f->dir, "damaged.kasir-outbox", NULL);
    g_autofree char *damaged = g_strdup (contents);
    char *c = strstr (damaged, "\"ciphertext\":\"") + strlen ("\"ciphertext\":\"") + 10;

    *c = *c == 'A' ? 'B' : 'A';
    g_assert_true (g_file_set_contents (damaged_path, damaged, -1, &error));
    g_assert_null (kasir_outbox_export_read_file (f->b.db, damaged_path, passphrase, NULL, &error));
    g_assert_error (error, KASIR_OUTBOX_BUNDLE_ERROR, KASIR_OUTBOX_BUNDLE_ERROR_WRONG_PASSPHRASE);
    g_clear_error (&error);
  }

  /* B forwards it: the server applies A's sales as A's. */
  response = upload (&f->b, document, &exporter, &error);
  g_assert_no_error (error);
  g_assert_cmpint (exporter, ==, terminal_a);
  g_assert_cmpuint (response->results->len, ==, count);
  for (guint i = 0; i < response->results->len; i++)
    g_assert_cmpint (((KasirPushResult *) response->results->pdata[i])->status, !=, KASIR_RESULT_REJECTED);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM sales"), ==, 8);
  g_clear_pointer (&response, kasir_push_response_free);

  /* Importing the same file again changes nothing. */
  response = upload (&f->b, document, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->results->len, ==, count);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM sales"), ==, 8);
  g_clear_pointer (&response, kasir_push_response_free);

  /* A document signed by any other key is refused, whatever terminal it names. */
  {
    g_autoptr(KasirOutboxBundle) forged = kasir_outbox_bundle_new ();
    g_autofree char *sealed = NULL;
    g_autofree char *forged_doc = NULL;
    guint8 pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];

    crypto_sign_keypair (pk, sk);
    forged->terminal_id = terminal_a;
    forged->outlet_id = 1;
    forged->exported_at = kasir_now_rfc3339 ();
    for (guint i = 0; i < bundle->mutations->len; i++)
      g_ptr_array_add (forged->mutations, kasir_mutation_copy (bundle->mutations->pdata[i]));
    sealed = kasir_outbox_bundle_seal (forged, sk, passphrase, &error);
    g_assert_no_error (error);
    forged_doc = kasir_outbox_bundle_unseal (sealed, strlen (sealed), passphrase, &error);
    g_assert_no_error (error);
    g_assert_null (upload (&f->b, forged_doc, NULL, &error));
    g_assert_error (error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_FORBIDDEN);
    g_clear_error (&error);
  }

  /* A sells once more after the export, then is online again and pushes everything:
   * the exported seqs are answered from the record, only the new sale is added. */
  g_free (sell (f->a.db, 30, 1, 0));
  go_online (&f->a);
  sync_till (&f->a);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM sales"), ==, 9);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(DISTINCT id) FROM sales"), ==, 9);
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT count(*) FROM outbox WHERE state = 'rejected'"), ==, 0);

  /* The admin command line, with the passphrase on standard input. */
  go_offline (&f->a);
  g_free (sell (f->a.db, 31, 1, 0));
  g_free (sell (f->a.db, 32, 1, 0));
  g_assert_true (kasir_outbox_export_write_file (f->a.db, path2, NULL, passphrase, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 2);
  {
    g_autofree char *tool = sync_test_build_path ("src/server/kasir-server");
    g_autoptr(GSubprocess) proc = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *input = g_strconcat (passphrase, "\n", NULL);

    /* Wrong passphrase: refused, nothing applied. */
    proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                             G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                             tool, "import-outbox", "--db", f->server->db_path, path2, NULL);
    g_assert_no_error (error);
    g_assert_true (g_subprocess_communicate_utf8 (proc, "not the passphrase\n", NULL, &out, &err, &error));
    g_assert_false (g_subprocess_get_successful (proc));
    g_assert_nonnull (strstr (err, "passphrase"));
    g_clear_object (&proc);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM sales"), ==, 9);

    proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                             G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                             tool, "import-outbox", "--db", f->server->db_path, path2, NULL);
    g_assert_no_error (error);
    g_assert_true (g_subprocess_communicate_utf8 (proc, input, NULL, &out, &err, &error));
    g_assert_no_error (error);
    if (!g_subprocess_get_successful (proc))
      g_error ("import-outbox failed: %s", err);
    g_test_message ("import-outbox: %s", out);
    g_assert_nonnull (strstr (out, "2 applied now"));
  }
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM sales"), ==, 11);
  go_online (&f->a);
  sync_till (&f->a);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM sales"), ==, 11);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(DISTINCT id) FROM sales"), ==, 11);
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT count(*) FROM sales"), ==, 11);
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT count(*) FROM outbox WHERE state IN ('pending','in_flight','rejected')"), ==, 0);
}

/* POSTs @body to @path with @till's token (none when @till is NULL); returns the status. */
static guint
post_raw (Fixture    *f,
          Till       *till,
          const char *path,
          const char *body)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (f->server->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_POST, url);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  if (till != NULL)
    {
      char *token = kasir_key_store_lookup_terminal_token (f->server->url, till_terminal_id (till),
                                                           NULL, &error);
      g_autofree char *auth = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (token);
      auth = g_strconcat ("Bearer ", token, NULL);
      kasir_key_store_free_secret (token);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  return soup_message_get_status (msg);
}

/* The server's side of the trust model: the first key stays, keys are checked for shape,
 * the routes need a token, and an export is taken only from a till of the same outlet. */
static gboolean
key_registered (gpointer data)
{
  Till *till = data;
  g_autofree char *public_key = NULL;
  gint64 registered_for = -1;

  return kasir_outbox_export_get_signing_key (till->db, &public_key, &registered_for, NULL) &&
         registered_for == till_terminal_id (till);
}

static void
test_signing_key_rules (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "outlet-2.kasir-outbox", NULL);
  g_autofree char *public_key = NULL;
  g_autofree char *other_key = NULL;
  g_autofree char *body = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *document = NULL;
  g_autoptr(GError) error = NULL;
  guint8 pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  gint64 registered_for = -1;
  guint count = 0;
  Till c = { 0 };

  /* The sync service registers the key by itself after its first good sync. */
  g_assert_true (sync_test_wait_for (key_registered, &f->a, 30));
  g_assert_true (kasir_outbox_export_get_signing_key (f->a.db, &public_key, &registered_for, &error));
  g_assert_no_error (error);
  g_assert_cmpint (registered_for, ==, till_terminal_id (&f->a));
  register_key (&f->a);
  g_clear_pointer (&public_key, g_free);
  g_assert_true (kasir_outbox_export_get_signing_key (f->a.db, &public_key, &registered_for, &error));
  g_assert_cmpint (registered_for, ==, till_terminal_id (&f->a));

  /* Another key for the same till: refused. The same key again: fine. */
  crypto_sign_keypair (pk, sk);
  other_key = g_base64_encode (pk, sizeof pk);
  body = g_strdup_printf ("{\"public_key\": \"%s\"}", other_key);
  g_assert_cmpuint (post_raw (f, &f->a, "/api/v1/terminal/key", body), ==, SOUP_STATUS_FORBIDDEN);
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"public_key\": \"%s\"}", public_key);
  g_assert_cmpuint (post_raw (f, &f->a, "/api/v1/terminal/key", body), ==, SOUP_STATUS_OK);
  g_assert_cmpuint (post_raw (f, NULL, "/api/v1/terminal/key", body), ==, SOUP_STATUS_UNAUTHORIZED);
  g_assert_cmpuint (post_raw (f, &f->b, "/api/v1/terminal/key", "{\"public_key\": \"c2hvcnQ=\"}"),
                    ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpuint (post_raw (f, &f->b, "/api/v1/terminal/key", "[]"), ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpuint (post_raw (f, NULL, "/api/v1/sync/import", "{\"document\": \"x\"}"),
                    ==, SOUP_STATUS_UNAUTHORIZED);
  g_assert_cmpuint (post_raw (f, &f->b, "/api/v1/sync/import", "{\"document\": \"x\"}"),
                    ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpuint (post_raw (f, &f->b, "/api/v1/sync/import", "{}"), ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_true (sync_test_wait_for (key_registered, &f->b, 30));
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM terminal_keys"), ==, 2);

  /* A till of outlet 2 exports; a till of outlet 1 may not even open it, and the server
   * refuses the document from there too. */
  c.monitor = kasir_test_network_monitor_new (TRUE);
  c.db = sync_test_terminal_db (f->dir, "c.db", NULL);
  c.service = kasir_sync_service_new (c.db, G_NETWORK_MONITOR (c.monitor), &error);
  g_assert_no_error (error);
  g_object_set (c.service, "heartbeat-interval", 1, "sync-interval", 2, NULL);
  sync_test_enroll (c.service, f->server, f->server->url, 2);
  g_assert_true (sync_test_wait_drained (c.service, 120));
  register_key (&c);
  go_offline (&c);
  g_free (sell (c.db, 5, 1, 0));
  g_assert_true (kasir_outbox_export_write_file (c.db, path, NULL, "outlet two secret", &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 1);
  g_assert_null (kasir_outbox_export_read_file (f->b.db, path, "outlet two secret", NULL, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  document = kasir_outbox_bundle_unseal (contents, strlen (contents), "outlet two secret", &error);
  g_assert_no_error (error);
  g_assert_null (upload (&f->b, document, NULL, &error));
  g_assert_error (error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM sales"), ==, 0);
  sync_test_till_close (&c);
}

/* The chart's arithmetic with runs at known times: hours are grouped right, runs older
 * than a day stay out of the chart, and the metrics average what is kept. */
static void
test_history_buckets (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-history-XXXXXX", &error);
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(GArray) hours = NULL;
  KasirSyncMetrics metrics = { 0 };
  /* A fixed "now" half past an hour, so that runs land in known buckets. */
  gint64 now = 1795000000 - 1795000000 % 3600 + 1800;
  gint64 us = G_USEC_PER_SEC;

  g_assert_no_error (error);
  db = sync_test_terminal_db (dir, "history.db", NULL);

  /* Refused: an end before its start. */
  g_assert_false (kasir_sync_history_record (db, (now - 10) * us, (now - 20) * us, TRUE, 0, 0, NULL, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (kasir_sync_history_record (db, (now - 30 * 3600) * us, (now - 30 * 3600) * us + 100000,
                                            TRUE, 1, 1, NULL, &error));
  g_assert_true (kasir_sync_history_record (db, (now - 5 * 3600) * us, (now - 5 * 3600) * us + 300000,
                                            FALSE, 0, 0, "Could not talk to the server", &error));
  g_assert_true (kasir_sync_history_record (db, (now - 3600) * us, (now - 3600) * us + 200000,
                                            TRUE, 4, 10, NULL, &error));
  g_assert_true (kasir_sync_history_record (db, (now - 60) * us, (now - 60) * us + 400000,
                                            TRUE, 2, 0, NULL, &error));
  g_assert_no_error (error);

  hours = kasir_sync_history_hourly (db, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hours->len, ==, 24);
  g_assert_cmpint (g_array_index (hours, KasirSyncHourBucket, 23).hour_start_unix, ==, now - 1800);
  g_assert_cmpint (g_array_index (hours, KasirSyncHourBucket, 0).hour_start_unix, ==, now - 1800 - 23 * 3600);
  for (guint i = 0; i < 24; i++)
    {
      const KasirSyncHourBucket *b = &g_array_index (hours, KasirSyncHourBucket, i);
      gint64 want_ok = i == 22 || i == 23 ? 1 : 0;
      gint64 want_fail = i == 18 ? 1 : 0;

      g_assert_cmpint (b->successes, ==, want_ok);
      g_assert_cmpint (b->failures, ==, want_fail);
      g_assert_cmpint (b->pending_max, ==, want_ok + want_fail > 0 ? 0 : -1);
    }

  g_assert_true (kasir_sync_history_get_metrics (db, now, &metrics, &error));
  g_assert_no_error (error);
  g_assert_cmpint (metrics.syncs, ==, 4);
  g_assert_cmpint (metrics.successes, ==, 3);
  g_assert_cmpint (metrics.failures, ==, 1);
  g_assert_cmpint (metrics.average_duration_ms, ==, 250);
  g_assert_cmpstr (metrics.last_error, ==, "Could not talk to the server");
  g_assert_nonnull (metrics.last_success_at);
  g_assert_true (kasir_rfc3339_is_valid (metrics.last_success_at));
  g_assert_cmpint (metrics.oldest_unsynced_sale_age_s, ==, -1);
  kasir_sync_metrics_clear (&metrics);

  g_clear_object (&db);
  sync_test_remove_tree (dir);
}

/* CSV cells: RFC 4180 quoting and no formula ever reaches a spreadsheet. */
static void
test_csv_cells (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "plain", "plain" },
    { NULL, "" },
    { "a,b", "\"a,b\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "two\r\nlines", "\"two\r\nlines\"" },
    { "=1+2", "'=1+2" },
    { "+62 812", "'+62 812" },
    { "-5", "'-5" },
    { "@SUM(A1)", "'@SUM(A1)" },
    { "=cmd|' /C calc'!A0,x", "\"'=cmd|' /C calc'!A0,x\"" },
    { "a=b", "a=b" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      kasir_csv_append_cell (out, cases[i].in);
      g_assert_cmpstr (out->str, ==, cases[i].out);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/Conflicts/csv-cells", test_csv_cells);
  g_test_add_func ("/Kasir/Conflicts/history-buckets", test_history_buckets);
  g_test_add ("/Kasir/Conflicts/stock-shortage", Fixture, NULL,
              sync_test_outlet_set_up, test_stock_shortage, sync_test_outlet_tear_down);
  g_test_add ("/Kasir/Conflicts/void-sale", Fixture, NULL,
              sync_test_outlet_set_up, test_void_sale, sync_test_outlet_tear_down);
  g_test_add ("/Kasir/Conflicts/loyalty-write-off", Fixture, NULL,
              sync_test_outlet_set_up, test_loyalty_write_off, sync_test_outlet_tear_down);
  g_test_add ("/Kasir/Conflicts/product-edit-merge", Fixture, NULL,
              sync_test_outlet_set_up, test_product_edit_merge, sync_test_outlet_tear_down);
  g_test_add ("/Kasir/Conflicts/dashboard", Fixture, NULL,
              sync_test_outlet_set_up, test_dashboard, sync_test_outlet_tear_down);
  g_test_add ("/Kasir/Conflicts/export-import", Fixture, NULL,
              sync_test_outlet_set_up, test_export_import, sync_test_outlet_tear_down);
  g_test_add ("/Kasir/Conflicts/signing-key-rules", Fixture, NULL,
              sync_test_outlet_set_up, test_signing_key_rules, sync_test_outlet_tear_down);

  return g_test_run ();
}
