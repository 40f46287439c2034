/* test-conflicts.c — the conflict-review data, offline product edits and the sync
 * dashboard, against a real kasir-server on loopback. Outbox export/import is in
 * test-outbox-export.c.
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

#include "kasir-test-conflicts.h"

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

  return g_test_run ();
}
