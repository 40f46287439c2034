/* test-store-repos.c — the sales, outbox and cart repositories over a real encrypted
 * database, and two connections to it. The catalog's cases are in test-store-catalog.c,
 * settings, sync state, conflicts, shifts, staff and customers in test-store-records.c.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "kasir-cart.h"
#include "kasir-protocol.h"
#include "kasir-database-private.h"
#include "kasir-catalog-repository.h"
#include "kasir-after-sale.h"
#include "kasir-report-totals.h"
#include "kasir-sale-keys.h"
#include "kasir-sales-repository.h"
#include "kasir-outbox-repository.h"
#include "kasir-sync-state-repository.h"
#include "kasir-cart-repository.h"
#include "kasir-settings-repository.h"
#include "kasir-conflict-repository.h"
#include "kasir-shift-repository.h"
#include "kasir-staff-repository.h"
#include "kasir-customer-repository.h"
#include "store-test-util.h"

#include "kasir-test-repos.h"

static void
assert_no_gaps (KasirDatabase *db)
{
  /* Outbox seq runs 1..n with no hole; receipts 1..n per terminal. */
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM outbox"), ==,
                   store_test_query (db, "SELECT COALESCE(MAX(seq), 0) FROM outbox"));
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM sales s WHERE receipt_seq > 1 "
                                         "AND NOT EXISTS (SELECT 1 FROM sales t WHERE "
                                         "t.terminal_id = s.terminal_id AND "
                                         "t.receipt_seq = s.receipt_seq - 1)"), ==, 0);
}

static void
test_sales_receipts (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (f->db);
  g_autoptr(KasirOutboxRepository) outbox = kasir_outbox_repository_new (f->db);
  g_autoptr(KasirSyncStateRepository) state = kasir_sync_state_repository_new (f->db);
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (f->db);
  g_autoptr(GPtrArray) stock = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_stock_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *first_id = NULL;
  gint64 count = 0, qty = 0;
  KasirStock *s;

  for (guint i = 1; i <= 5; i++)
    {
      g_autoptr(KasirSale) sale = store_test_sale (i, i % 2 + 1);
      g_autofree char *expected = g_strdup_printf ("0-%06u", i);

      g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (sale->receipt_no, ==, expected);
      g_assert_true (kasir_uuid_is_valid (sale->sale_id));
      g_assert_nonnull (sale->created_at);
      if (i == 1)
        first_id = g_strdup (sale->sale_id);
    }

  /* A sale whose sums do not add up is refused and uses up nothing. */
  {
    g_autoptr(KasirSale) bad = store_test_sale (2, 1);

    bad->total += 1;
    g_assert_false (kasir_sales_repository_commit_sale (sales, bad, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_null (bad->receipt_no);
  }

  /* So is a sale of more lines than a sale's keys can number (kasir-sale-keys.h). */
  {
    g_autoptr(KasirSale) huge = store_test_sale (KASIR_SALE_KEYS_MAX + 1, 1);

    g_assert_false (kasir_sales_repository_commit_sale (sales, huge, &error));
    g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_null (huge->receipt_no);
    g_assert_cmpint (store_test_query (f->db, "SELECT count(*) FROM sale_lines"), ==,
                     1 + 2 + 3 + 4 + 5);
  }

  /* A sale that fails inside the transaction (its id is already taken) rolls back its
   * receipt number and outbox seq, and the caller's sale is left as it was. */
  {
    g_autoptr(KasirSale) dup = store_test_sale (1, 1);

    dup->sale_id = g_strdup (first_id);
    dup->receipt_no = g_strdup ("mine");
    g_assert_false (kasir_sales_repository_commit_sale (sales, dup, &error));
    g_assert_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_FAILED);
    g_clear_error (&error);
    g_assert_cmpstr (dup->receipt_no, ==, "mine");
    g_assert_cmpstr (dup->sale_id, ==, first_id);
    g_assert_false (kasir_database_in_transaction (f->db));
  }

  {
    g_autoptr(KasirSale) sale = store_test_sale (3, 2);

    g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
    g_assert_cmpstr (sale->receipt_no, ==, "0-000006");
  }
  assert_no_gaps (f->db);

  /* After enrollment receipts carry the terminal id, from 1; stock follows sales. */
  g_assert_true (kasir_sync_state_repository_set_identity (state, 7, 2, "https://pos.example",
                                                           &error));
  g_assert_no_error (error);
  s = kasir_stock_new ();
  s->product_id = 2;
  s->outlet_id = 2;
  s->qty = 10;
  g_ptr_array_add (stock, s);
  g_assert_true (kasir_catalog_repository_upsert_stock (catalog, stock, &error));
  for (guint i = 1; i <= 3; i++)
    {
      g_autoptr(KasirSale) sale = store_test_sale (2, 2);
      g_autofree char *expected = g_strdup_printf ("7-%06u", i);

      g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (sale->receipt_no, ==, expected);
    }
  g_assert_true (kasir_catalog_repository_get_stock (catalog, 2, 2, &qty, &error));
  g_assert_cmpint (qty, ==, 10 - 3 * 2);

  assert_no_gaps (f->db);
  g_assert_true (kasir_sales_repository_count (sales, &count, &error));
  g_assert_cmpint (count, ==, 9);
  g_assert_true (kasir_outbox_repository_get_last_seq (outbox, &count, &error));
  g_assert_cmpint (count, ==, 9);
  g_assert_cmpint (store_test_query (f->db, "SELECT count(*) FROM sale_lines"), ==,
                   1 + 2 + 3 + 4 + 5 + 3 + 2 * 3);
}

static void
test_sales_roundtrip (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (f->db);
  g_autoptr(KasirOutboxRepository) outbox = kasir_outbox_repository_new (f->db);
  g_autoptr(KasirSale) sale = store_test_sale (5, 2);
  g_autoptr(KasirSale) back = NULL;
  g_autoptr(KasirSale) decoded = NULL;
  g_autoptr(KasirOutboxEntry) entry = NULL;
  g_autoptr(GPtrArray) recent = NULL;
  g_autoptr(GError) error = NULL;

  ((KasirPayment *) sale->payments->pdata[0])->reference = g_strdup ("APPR-123");
  sale->shift_id = kasir_uuid_new ();
  sale->customer_id = 12;
  /* Products 1 to 3 are in the catalog with the lines' SKUs; 4 and 5 are not. */
  {
    g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (f->db);
    g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);

    for (guint i = 1; i <= 3; i++)
      g_ptr_array_add (products, store_test_product (i, "Barang", 1000));
    g_assert_true (kasir_catalog_repository_upsert_products (catalog, products, &error));
    g_assert_no_error (error);
  }

  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);
  /* A line repeats its product's SKU only where the catalog cannot give it. */
  g_assert_cmpint (store_test_query (f->db, "SELECT count(*) FROM sale_lines WHERE sku IS NULL"), ==, 3);

  back = kasir_sales_repository_get_by_receipt (sales, sale->receipt_no, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->sale_id, ==, sale->sale_id);
  g_assert_cmpstr (back->shift_id, ==, sale->shift_id);
  g_assert_cmpstr (back->currency, ==, "IDR");
  g_assert_cmpint (back->customer_id, ==, 12);
  g_assert_cmpint (back->total, ==, sale->total);
  g_assert_cmpint (back->change, ==, sale->change);
  g_assert_cmpuint (back->lines->len, ==, 5);
  g_assert_cmpuint (back->payments->len, ==, 2);
  for (guint i = 0; i < 5; i++)
    {
      KasirSaleLine *a = sale->lines->pdata[i], *b = back->lines->pdata[i];

      g_assert_cmpint (a->product_id, ==, b->product_id);
      g_assert_cmpint (a->qty, ==, b->qty);
      g_assert_cmpint (a->tax, ==, b->tax);
      g_assert_cmpint (a->total, ==, b->total);
      g_assert_cmpstr (a->name, ==, b->name);
      g_assert_cmpstr (a->sku, ==, b->sku);
    }
  g_assert_cmpstr (((KasirPayment *) back->payments->pdata[0])->reference, ==, "APPR-123");
  g_assert_true (kasir_sale_check_sums (back, &error));

  /* The outbox row carries the sale as the server will see it. */
  entry = kasir_outbox_repository_get (outbox, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry->mutation->type, ==, KASIR_MUTATION_SALE_CREATE);
  g_assert_cmpstr (entry->entity_id, ==, sale->sale_id);
  g_assert_cmpint (entry->state, ==, KASIR_OUTBOX_PENDING);
  decoded = kasir_protocol_decode_sale (entry->mutation->payload, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (decoded->receipt_no, ==, sale->receipt_no);
  g_assert_cmpstr (decoded->sale_id, ==, sale->sale_id);
  g_assert_cmpint (decoded->total, ==, sale->total);

  recent = kasir_sales_repository_list_recent (sales, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (recent->len, ==, 1);

  g_clear_pointer (&back, kasir_sale_free);
  back = kasir_sales_repository_get_sale (sales, "00000000-0000-4000-8000-000000000000",
                                          &error);
  g_assert_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND);
  g_assert_null (back);
}

static JsonNode *
small_payload (const char *what)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "what");
  json_builder_add_string_value (b, what);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

static JsonNode *
stock_payload (gint64 delta)
{
  KasirStockAdjust adj = { .product_id = 42, .delta = delta, .reason = (char *) "recount",
                           .staff_id = 1 };

  return kasir_protocol_encode_stock_adjust (&adj);
}

static void
test_outbox_states (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(KasirOutboxRepository) outbox = kasir_outbox_repository_new (f->db);
  g_autoptr(KasirSyncStateRepository) state_repo = kasir_sync_state_repository_new (f->db);
  g_autoptr(KasirSyncState) state = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(KasirOutboxEntry) entry = NULL;
  g_autoptr(JsonNode) payload = stock_payload (-3);
  g_autoptr(JsonNode) malformed = stock_payload (0);
  g_autoptr(JsonNode) foreign = small_payload ("x");
  g_autoptr(JsonNode) result = small_payload ("applied");
  g_autoptr(JsonNode) not_object = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(GError) error = NULL;
  gint64 n = 0;

  for (int i = 1; i <= 6; i++)
    g_assert_cmpint (kasir_outbox_repository_enqueue (outbox, KASIR_MUTATION_STOCK_ADJUST,
                                                      "42", payload, &error), ==, i);
  g_assert_no_error (error);

  /* Outside a transaction the in-transaction call refuses; a bad payload is refused. */
  g_assert_cmpint (kasir_outbox_repository_enqueue_in_transaction (outbox,
                     KASIR_MUTATION_STOCK_ADJUST, NULL, payload, NULL, &error), ==, 0);
  g_assert_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_INVALID);
  g_clear_error (&error);
  json_node_set_array (not_object, json_array_new ());
  g_assert_cmpint (kasir_outbox_repository_enqueue (outbox, KASIR_MUTATION_STOCK_ADJUST,
                                                    NULL, not_object, &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);

  /* A payload the server would refuse as malformed never enters the queue. */
  g_assert_cmpint (kasir_outbox_repository_enqueue (outbox, KASIR_MUTATION_STOCK_ADJUST,
                                                    NULL, malformed, &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kasir_outbox_repository_enqueue (outbox, KASIR_MUTATION_SALE_CREATE,
                                                    NULL, foreign, &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);

  /* A rolled-back transaction gives its seq back. */
  g_assert_true (kasir_database_begin (f->db, &error));
  g_assert_cmpint (kasir_outbox_repository_enqueue_in_transaction (outbox,
                     KASIR_MUTATION_STOCK_ADJUST, "9", payload, NULL, &error), ==, 7);
  kasir_database_rollback (f->db);
  g_assert_true (kasir_outbox_repository_get_last_seq (outbox, &n, &error));
  g_assert_cmpint (n, ==, 6);

  pending = kasir_outbox_repository_list_pending (outbox, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      KasirMutation *m = pending->pdata[i];

      g_assert_cmpint (m->seq, ==, i + 1);
      g_assert_true (kasir_uuid_is_valid (m->id));
      g_assert_cmpint (m->type, ==, KASIR_MUTATION_STOCK_ADJUST);
      g_assert_true (json_node_equal (m->payload, payload));
    }

  g_assert_true (kasir_outbox_repository_mark_in_flight (outbox, 1, 4, &error));
  g_assert_true (kasir_outbox_repository_count (outbox, KASIR_OUTBOX_IN_FLIGHT, &n, &error));
  g_assert_cmpint (n, ==, 4);

  /* The push failed: back to pending with the error kept. */
  g_assert_true (kasir_outbox_repository_record_failure (outbox, 1, 4, "connection reset",
                                                         &error));
  entry = kasir_outbox_repository_get (outbox, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry->state, ==, KASIR_OUTBOX_PENDING);
  g_assert_cmpint (entry->attempts, ==, 1);
  g_assert_cmpstr (entry->last_error, ==, "connection reset");
  g_clear_pointer (&entry, kasir_outbox_entry_free);

  g_assert_true (kasir_outbox_repository_mark_in_flight (outbox, 1, 4, &error));
  g_assert_true (kasir_outbox_repository_mark_acked (outbox, 1, result, &error));
  g_assert_no_error (error);
  g_assert_true (kasir_outbox_repository_mark_rejected (outbox, 2, "malformed edit", NULL,
                                                        &error));
  g_assert_no_error (error);
  g_assert_true (kasir_outbox_repository_mark_acked_up_to (outbox, 4, &error));
  g_assert_no_error (error);

  /* An answered row cannot be answered again. */
  g_assert_false (kasir_outbox_repository_mark_acked (outbox, 2, NULL, &error));
  g_assert_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  entry = kasir_outbox_repository_get (outbox, 1, &error);
  g_assert_cmpint (entry->state, ==, KASIR_OUTBOX_ACKED);
  g_assert_true (json_node_equal (entry->result, result));
  g_assert_null (entry->last_error);
  g_clear_pointer (&entry, kasir_outbox_entry_free);
  entry = kasir_outbox_repository_get (outbox, 2, &error);
  g_assert_cmpint (entry->state, ==, KASIR_OUTBOX_REJECTED);
  g_assert_cmpstr (entry->last_error, ==, "malformed edit");
  g_clear_pointer (&entry, kasir_outbox_entry_free);

  g_assert_true (kasir_outbox_repository_count (outbox, KASIR_OUTBOX_ACKED, &n, &error));
  g_assert_cmpint (n, ==, 3);
  g_assert_true (kasir_outbox_repository_count (outbox, KASIR_OUTBOX_REJECTED, &n, &error));
  g_assert_cmpint (n, ==, 1);
  g_assert_true (kasir_outbox_repository_count_unsent (outbox, &n, &error));
  g_assert_cmpint (n, ==, 2);
  state = kasir_sync_state_repository_load (state_repo, &error);
  g_assert_cmpint (state->last_acked_seq, ==, 4);

  g_clear_pointer (&pending, g_ptr_array_unref);
  pending = kasir_outbox_repository_list_pending (outbox, 100, &error);
  g_assert_cmpuint (pending->len, ==, 2);
  g_assert_cmpint (((KasirMutation *) pending->pdata[0])->seq, ==, 5);

  /* Pruning drops acked rows only; rejected ones stay; numbering never restarts. */
  g_assert_true (kasir_outbox_repository_prune_acked (outbox, 4, &error));
  g_assert_cmpint (store_test_query (f->db, "SELECT count(*) FROM outbox"), ==, 3);
  g_assert_cmpint (kasir_outbox_repository_enqueue (outbox, KASIR_MUTATION_STOCK_ADJUST, NULL,
                                                    payload, &error), ==, 7);
  g_clear_pointer (&pending, g_ptr_array_unref);
  pending = kasir_outbox_repository_list_entries (outbox, -1, 0, 100, &error);
  g_assert_cmpuint (pending->len, ==, 4);
}

static KasirCart *
make_cart (void)
{
  g_autoptr(GError) error = NULL;
  KasirCart *cart = kasir_cart_new ("IDR", TRUE);

  for (int i = 1; i <= 3; i++)
    {
      g_autoptr(KasirProduct) p = store_test_product (i, "Kopi", 12000 + i);

      kasir_cart_add_product (cart, p, i);
    }
  cart->discount.kind = KASIR_ADJUST_PERCENT;
  cart->discount.value = 500;
  g_assert_true (kasir_cart_compute (cart, &error));
  g_assert_no_error (error);

  return cart;
}

static void
test_cart_survives_reopen (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(KasirCart) cart = make_cart ();
  g_autoptr(KasirCart) back = NULL;
  g_autoptr(GError) error = NULL;
  KasirCartRepository *repo;
  KasirSalesRepository *sales;
  g_autoptr(KasirSale) sale = store_test_sale (1, 1);

  repo = kasir_cart_repository_new (f->db);
  back = kasir_cart_repository_load (repo, &error);
  g_assert_no_error (error);
  g_assert_null (back);
  g_assert_true (kasir_cart_repository_save (repo, cart, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (repo);

  reopen (f);
  repo = kasir_cart_repository_new (f->db);
  back = kasir_cart_repository_load (repo, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  g_assert_cmpuint (back->lines->len, ==, 3);
  g_assert_cmpint (((KasirCartLine *) back->lines->pdata[2])->qty, ==, 3);
  g_assert_cmpint (((KasirCartLine *) back->lines->pdata[2])->unit_price, ==, 12003);
  g_assert_cmpint (back->discount.kind, ==, KASIR_ADJUST_PERCENT);
  g_assert_cmpint (back->discount.value, ==, 500);
  g_assert_true (kasir_cart_compute (back, &error));
  g_assert_cmpint (back->total, ==, cart->total);
  g_clear_pointer (&back, kasir_cart_free);

  /* A committed sale clears the saved cart in its own transaction. */
  sales = kasir_sales_repository_new (f->db);
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);
  back = kasir_cart_repository_load (repo, &error);
  g_assert_no_error (error);
  g_assert_null (back);

  g_assert_true (kasir_cart_repository_save (repo, cart, &error));
  g_assert_true (kasir_cart_repository_clear (repo, &error));
  back = kasir_cart_repository_load (repo, &error);
  g_assert_null (back);

  g_object_unref (sales);
  g_object_unref (repo);
}

/* Commits @n sales; with @after_sale, runs what the till does after each. */
static void
commit_burst (KasirDatabase *db,
              guint          n,
              gboolean       after_sale)
{
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (db);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KasirSale) sale = store_test_sale (5, 2);

      g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
      g_assert_no_error (error);
      if (after_sale)
        {
          g_assert_true (kasir_after_sale_run (db, NULL, &error));
          g_assert_no_error (error);
        }
    }
}

static gint64
wal_size (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf st;

  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  return (gint64) st.st_size;
}

static void
test_background_checkpoint (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KasirDatabaseWalStats stats;

  /* About 9,000 WAL frames (37 MB) of sales, each followed by the work the till does
   * after a sale: that checkpoints once the WAL holds 3,000 frames and starts it over,
   * so it stays under 13 MB, and no commit ran a checkpoint. */
  commit_burst (f->db, 600, TRUE);
  g_test_message ("WAL after 600 sales and their after-sale work: %" G_GINT64_FORMAT " bytes",
                  wal_size (f->path));
  g_assert_cmpint (wal_size (f->path), <, 13 * 1024 * 1024);
  kasir_database_get_wal_stats (f->db, &stats);
  g_assert_cmpuint (stats.checkpoints_idle, >=, 2);
  g_assert_cmpuint (stats.checkpoints_background, ==, 0);
  g_assert_cmpuint (stats.checkpoints_sync, ==, 0);

  /* A burst without that work (about 13,500 frames): background checkpoints every 6,000
   * frames, and the commit that finds 12,000 copies the rest, so the WAL starts over
   * before it passes about 50 MB. */
  commit_burst (f->db, 900, FALSE);
  g_test_message ("WAL after 900 more sales: %" G_GINT64_FORMAT " bytes", wal_size (f->path));
  g_assert_cmpint (wal_size (f->path), <, 52 * 1024 * 1024);
  kasir_database_get_wal_stats (f->db, &stats);
  g_assert_cmpuint (stats.checkpoints_background, >=, 1);
  g_assert_true (kasir_database_checkpoint (f->db, &error));
  g_assert_true (kasir_database_check_integrity (f->db, &error));
  g_assert_no_error (error);
}

static gpointer
write_from_thread (gpointer data)
{
  KasirDatabase *db = data;
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (db);
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 20; i++)
    {
      g_autoptr(KasirSale) sale = store_test_sale (2, 2);

      g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
      g_assert_no_error (error);
    }

  return NULL;
}

static void
test_two_connections (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(KasirDatabase) other = NULL;
  g_autoptr(KasirOutboxRepository) outbox = NULL;
  g_autoptr(GError) error = NULL;
  GThread *thread;
  gint64 n = 0;

  other = kasir_database_open_connection (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kasir_database_get_schema_version (other), ==,
                   kasir_database_get_latest_version ());

  /* The main connection commits sales while a worker's connection, in another thread,
   * commits too; every number stays unique and gap-free. */
  thread = g_thread_new ("writer", write_from_thread, other);
  write_from_thread (f->db);
  g_thread_join (thread);

  outbox = kasir_outbox_repository_new (other);
  g_assert_true (kasir_outbox_repository_count_unsent (outbox, &n, &error));
  g_assert_cmpint (n, ==, 40);
  assert_no_gaps (f->db);
  g_assert_true (kasir_database_check_integrity (f->db, &error));
  g_assert_no_error (error);
}

/* The report totals a sale adds, written after its commit: a product sold on two lines
 * is one product row, and each payment counts once for its method. */
static void
test_sales_report_totals (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (f->db);
  g_autoptr(KasirSale) sale = store_test_sale (2, 1);
  g_autoptr(KasirSale) second = store_test_sale (1, 1);
  KasirSaleLine *line = sale->lines->pdata[1];
  KasirPayment *pay = sale->payments->pdata[0];
  g_autoptr(GError) error = NULL;

  /* Line 2 sells product 1 too; the cash is paid in two parts. */
  line->product_id = 1;
  pay->amount -= 1000;
  g_ptr_array_add (sale->payments, kasir_payment_new (KASIR_PAYMENT_CASH, 1000));
  sale->created_at = g_strdup ("2026-11-02T09:44:59Z");
  second->created_at = g_strdup ("2026-11-02T09:31:00Z");
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);
  g_assert_true (kasir_sales_repository_commit_sale (sales, second, &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_test_query (f->db, "SELECT count(*) FROM report_sales"), ==, 0);
  g_assert_true (kasir_report_totals_catch_up (f->db, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (store_test_query (f->db, "SELECT count(*) FROM report_sales"), ==, 1);
  g_assert_cmpint (store_test_query (f->db, "SELECT sales FROM report_sales "
                                            "WHERE bucket = '2026-11-02T09:30'"), ==, 2);
  g_assert_cmpint (store_test_query (f->db, "SELECT net FROM report_sales"), ==,
                   sale->total + second->total);
  g_assert_cmpint (store_test_query (f->db, "SELECT count(*) FROM report_payments"), ==, 1);
  g_assert_cmpint (store_test_query (f->db, "SELECT sales FROM report_payments "
                                            "WHERE method = 'cash'"), ==, 3);
  g_assert_cmpint (store_test_query (f->db, "SELECT amount FROM report_payments"), ==,
                   sale->total + second->total);
  g_assert_cmpint (store_test_query (f->db, "SELECT count(*) FROM report_products"), ==, 1);
  g_assert_cmpint (store_test_query (f->db, "SELECT qty FROM report_products "
                                            "WHERE product_id = 1 AND day = 20759"), ==,
                   1 + 2 + 1);
  g_assert_cmpint (store_test_query (f->db, "SELECT total FROM report_products"), ==,
                   sale->total + second->total);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add ("/Kasir/Store/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)

  ADD ("Sales/receipts-gap-free", test_sales_receipts);
  ADD ("Sales/roundtrip", test_sales_roundtrip);
  ADD ("Sales/report-totals", test_sales_report_totals);
  ADD ("Outbox/states", test_outbox_states);
  ADD ("Cart/survives-reopen", test_cart_survives_reopen);
  ADD ("Database/two-connections", test_two_connections);
  ADD ("Database/background-checkpoint", test_background_checkpoint);

  return g_test_run ();
}
