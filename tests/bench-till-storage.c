/* bench-till-storage.c — how much disk a till's database takes after a month of trading.
 *
 * A till with 100,000 products (each with a barcode and its stock), loaded in pages of
 * 5,000 the way the first pull writes them, then 30 days of 600 sales each (1 to 8 lines,
 * card or cash), every sale synced: acknowledged by the server and pruned from the outbox.
 * The size is that of the database file and its WAL after a full checkpoint, in MB of
 * 1,000,000 bytes, after the till's daily maintenance (the retention prune with its
 * default, which here only gives free pages back). Then the prune with a retention of 7
 * days shows the space it reclaims.
 *
 * Prints: BENCH till-storage products=100000 sales=18000 mb=… catalog_mb=… load_products_s=…
 *         sales_s=… free_mb_before_maintenance=… pruned_7d=… mb_after_prune_7d=…
 * Target (design): under 50 MB.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sys/resource.h>

#include <glib/gstdio.h>

#include "kasir-catalog-bulk-load.h"
#include "kasir-catalog-repository.h"
#include "kasir-database-private.h"
#include "kasir-sales-repository.h"
#include "kasir-sales-retention.h"
#include "kasir-sync-repository.h"
#include "store-test-util.h"

#define N_PRODUCTS     100000
#define PAGE_PRODUCTS  5000
#define N_DAYS         30
#define SALES_PER_DAY  600

/* CPU seconds of the whole process (the background checkpoints too): on a busy machine
 * a steadier measure than the wall clock. */
static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static void
load_products (KasirDatabase *db)
{
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (db);
  g_autoptr(GError) error = NULL;
  gboolean bulk = FALSE;

  /* As the first pull: into an empty catalog, whose indexes are built at the end. */
  g_assert_true (kasir_catalog_bulk_load_begin (db, &bulk, &error));
  g_assert_true (bulk);

  for (guint first = 0; first < N_PRODUCTS; first += PAGE_PRODUCTS)
    {
      g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);
      g_autoptr(GPtrArray) stock = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_stock_free);

      for (guint i = first; i < first + PAGE_PRODUCTS; i++)
        {
          KasirProduct *p = kasir_product_new ();
          KasirStock *s = kasir_stock_new ();

          p->id = i + 1;
          p->sku = g_strdup_printf ("BENCH-%06u", i);
          p->barcode = g_strdup_printf ("%012u", 899100000u + i);
          p->name = g_strdup_printf ("Produk uji %u ukuran %u gram", i, 50 + i % 950);
          p->price = 1000 + (i * 37) % 99000;
          p->price_version = 1;
          p->tax_rate_bp = 1100;
          p->category_id = 0;
          p->version = 1;
          g_ptr_array_add (products, p);
          s->product_id = p->id;
          s->outlet_id = 1;
          s->qty = i % 100;
          g_ptr_array_add (stock, s);
        }

      /* As a pulled page: one transaction for the page's rows. */
      g_assert_true (kasir_database_begin (db, &error));
      g_assert_true (kasir_catalog_repository_upsert_products (catalog, products, &error));
      g_assert_true (kasir_catalog_repository_upsert_stock (catalog, stock, &error));
      g_assert_true (kasir_database_commit (db, &error));
      g_assert_no_error (error);
    }
  g_assert_true (kasir_catalog_bulk_load_finish (db, &error));
  g_assert_no_error (error);
}

static KasirSale *
make_sale (GRand     *rand,
           GDateTime *when)
{
  KasirSale *sale = kasir_sale_new ();
  guint n_lines = g_rand_int_range (rand, 1, 9);

  g_strlcpy (sale->currency, "IDR", sizeof sale->currency);
  sale->tax_inclusive = TRUE;
  sale->staff_id = 3;
  sale->created_at = g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");

  for (guint i = 0; i < n_lines; i++)
    {
      KasirSaleLine *line = kasir_sale_line_new ();
      guint product = g_rand_int_range (rand, 0, N_PRODUCTS);

      line->product_id = product + 1;
      line->sku = g_strdup_printf ("BENCH-%06u", product);
      line->name = g_strdup_printf ("Produk uji %u ukuran %u gram", product, 50 + product % 950);
      line->qty = g_rand_int_range (rand, 1, 4);
      line->unit_price = 1000 + (product * 37) % 99000;
      line->price_version = 1;
      line->tax_rate_bp = 1100;
      line->total = line->qty * line->unit_price;
      g_assert_true (kasir_tax_included (line->total, line->tax_rate_bp, &line->tax));
      sale->subtotal += line->total;
      sale->tax += line->tax;
      g_ptr_array_add (sale->lines, line);
    }
  sale->total = sale->subtotal;
  g_ptr_array_add (sale->payments,
                   kasir_payment_new (g_rand_int_range (rand, 0, 2) == 0 ? KASIR_PAYMENT_CARD
                                                                         : KASIR_PAYMENT_CASH,
                                      sale->total));

  return sale;
}

/* The days' sales, each day in one transaction (the sales are what is measured here, not
 * their commits); after each day, as after the till's syncs, the server has acknowledged
 * them and they are pruned from the outbox. */
static void
record_sales (KasirDatabase *db,
              GDateTime     *now)
{
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (db);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GError) error = NULL;

  for (int day = N_DAYS; day >= 1; day--)
    {
      g_autoptr(GDateTime) morning = g_date_time_add_days (now, -day);

      g_assert_true (kasir_database_begin (db, &error));
      for (guint i = 0; i < SALES_PER_DAY; i++)
        {
          g_autoptr(GDateTime) when = g_date_time_add_seconds (morning, i * 60.0);
          g_autoptr(KasirSale) sale = make_sale (rand, when);

          g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
        }
      g_assert_true (kasir_database_commit (db, &error));
      g_assert_true (kasir_database_exec (db,
                                          "UPDATE outbox SET state = 'acked';"
                                          "UPDATE sync_state SET last_acked_seq = "
                                          "(SELECT max(seq) FROM outbox) WHERE id = 1", &error));
      g_assert_true (kasir_sync_repository_prune_acked (db, &error));
      g_assert_no_error (error);
    }
}

/* The database file and its WAL, after everything was copied back and the WAL emptied. */
static double
size_mb (KasirDatabase *db,
         const char    *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf st;
  double bytes = 0;
  int rc;

  /* BUSY while the background checkpoint of the last commits is still running. */
  while ((rc = sqlite3_wal_checkpoint_v2 (kasir_database_get_handle (db), NULL,
                                          SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL)) == SQLITE_BUSY)
    g_usleep (10000);
  g_assert_cmpint (rc, ==, SQLITE_OK);
  if (g_stat (path, &st) == 0)
    bytes += st.st_size;
  if (g_stat (wal, &st) == 0)
    bytes += st.st_size;

  return bytes / 1e6;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "till.db", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  gint64 start, products_us, sales_us, n_sales = 0, free_pages = 0;
  guint pruned = 0;
  double mb, mb_after, mb_catalog, cpu, products_cpu;

  store_test_random_key (key);
  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  g_assert_true (kasir_sync_repository_set_identity (db, 1, 1, "https://bench.invalid", &error));

  start = g_get_monotonic_time ();
  cpu = cpu_seconds ();
  load_products (db);
  products_us = g_get_monotonic_time () - start;
  products_cpu = cpu_seconds () - cpu;
  mb_catalog = size_mb (db, path);
  /* KASIR_BENCH_PRODUCTS_ONLY: only the catalog load, to profile it. */
  if (g_getenv ("KASIR_BENCH_PRODUCTS_ONLY") != NULL)
    {
      printf ("BENCH till-storage-products load_products_s=%.2f cpu_s=%.2f\n",
              products_us / 1e6, products_cpu);
      g_clear_object (&db);
      store_test_remove_tree (dir);
      return 0;
    }

  start = g_get_monotonic_time ();
  record_sales (db, now);
  sales_us = g_get_monotonic_time () - start;

  g_assert_true (kasir_database_query_int64 (db, "SELECT count(*) FROM sales", &n_sales, &error));
  g_assert_true (kasir_database_query_int64 (db, "PRAGMA freelist_count", &free_pages, &error));
  /* The till's daily maintenance with the default retention: no sale is old enough, the
   * free pages go back. */
  g_assert_true (kasir_sales_retention_prune (db, now, &pruned, &error));
  g_assert_cmpuint (pruned, ==, 0);
  mb = size_mb (db, path);

  g_assert_true (kasir_sales_retention_set_days (db, 7, &error));
  g_assert_true (kasir_sales_retention_prune (db, now, &pruned, &error));
  g_assert_no_error (error);
  mb_after = size_mb (db, path);

  printf ("BENCH till-storage products=%d sales=%" G_GINT64_FORMAT " mb=%.1f catalog_mb=%.1f "
          "load_products_s=%.2f load_products_cpu_s=%.2f sales_s=%.2f "
          "free_mb_before_maintenance=%.1f "
          "pruned_7d=%u mb_after_prune_7d=%.1f\n",
          N_PRODUCTS, n_sales, mb, mb_catalog, products_us / 1e6, products_cpu, sales_us / 1e6,
          free_pages * 4096 / 1e6, pruned, mb_after);

  g_clear_object (&db);
  store_test_remove_tree (dir);

  return 0;
}
