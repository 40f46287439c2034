/* bench-catalog-search.c — search and barcode lookup over 100,000 products.
 *
 * Prints: BENCH catalog-search products=100000 p50_ms=... p99_ms=... barcode_p99_ms=...
 * Searches are what a cashier types: one or two words, each the first 2-6 letters of a
 * word that occurs in product names, so many queries match thousands of products.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>

#include "kasir-catalog-repository.h"
#include "store-test-util.h"

#define N_PRODUCTS 100000
#define N_SEARCHES 3000
#define N_LOOKUPS  20000

static const char * const words[] = {
  "kopi", "teh", "susu", "gula", "aren", "coklat", "keju", "roti", "mie", "goreng",
  "rebus", "ayam", "sapi", "ikan", "udang", "pedas", "manis", "asin", "original", "besar",
  "kecil", "sedang", "botol", "kaleng", "sachet", "bubuk", "cair", "segar", "dingin",
  "panas", "vanila", "stroberi", "mangga", "jeruk", "apel", "pisang", "kelapa", "pandan",
  "jahe", "kunyit", "sabun", "sampo", "pasta", "gigi", "deterjen", "pewangi", "tisu",
  "minyak", "beras", "tepung", "telur", "kecap", "saus", "sambal", "bumbu", "kacang",
  "keripik", "biskuit", "wafer", "permen", "cokelat", "air", "mineral", "soda", "jus",
  "yogurt", "mentega", "margarin", "sosis", "nugget", "bakso", "kornet", "sarden",
  "premium", "hemat", "keluarga", "mini", "jumbo", "isi", "ulang", "refill", "paket",
};

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *samples,
            double  p)
{
  guint index;

  g_array_sort (samples, compare_double);
  index = (guint) (p * (samples->len - 1) + 0.5);

  return g_array_index (samples, double, index);
}

static char *
random_name (GRand *rand,
             gint64 id)
{
  GString *name = g_string_new (NULL);
  guint n = g_rand_int_range (rand, 2, 5);

  for (guint i = 0; i < n; i++)
    {
      const char *w = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];

      if (i > 0)
        g_string_append_c (name, ' ');
      g_string_append_c (name, g_ascii_toupper (w[0]));
      g_string_append (name, w + 1);
    }
  g_string_append_printf (name, " %" G_GINT64_FORMAT "g", 50 + id % 950);

  return g_string_free (name, FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "bench.db", NULL);
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirCatalogRepository) catalog = NULL;
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);
  g_autoptr(GArray) search_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) lookup_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  GRand *rand = g_rand_new_with_seed (20261122);
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  gint64 start, total_hits = 0;

  store_test_random_key (key);
  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  catalog = kasir_catalog_repository_new (db);

  for (gint64 id = 1; id <= N_PRODUCTS; id++)
    {
      g_autofree char *name = random_name (rand, id);

      g_ptr_array_add (products, store_test_product (id, name, 1000 + id % 50000));
    }
  start = g_get_monotonic_time ();
  g_assert_true (kasir_catalog_repository_upsert_products (catalog, products, &error));
  g_assert_no_error (error);
  g_printerr ("loaded %d products in %.0f ms\n", N_PRODUCTS,
              (g_get_monotonic_time () - start) / 1000.0);

  for (guint i = 0; i < N_SEARCHES; i++)
    {
      g_autoptr(GPtrArray) found = NULL;
      g_autoptr(GString) query = g_string_new (NULL);
      guint n_words = g_rand_int_range (rand, 1, 3);
      double ms;

      for (guint w = 0; w < n_words; w++)
        {
          const char *word = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];
          guint len = MIN (strlen (word), (gsize) g_rand_int_range (rand, 2, 7));

          if (w > 0)
            g_string_append_c (query, ' ');
          g_string_append_len (query, word, len);
        }

      start = g_get_monotonic_time ();
      found = kasir_catalog_repository_search (catalog, query->str, 50, &error);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_no_error (error);
      total_hits += found->len;
      g_array_append_val (search_ms, ms);
    }

  for (guint i = 0; i < N_LOOKUPS; i++)
    {
      g_autoptr(KasirProduct) p = NULL;
      gint64 id = g_rand_int_range (rand, 1, N_PRODUCTS + 1);
      char code[32];
      double ms;

      g_snprintf (code, sizeof code, "899%010" G_GINT64_FORMAT, id);
      start = g_get_monotonic_time ();
      p = kasir_catalog_repository_lookup_code (catalog, code, &error);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_no_error (error);
      g_assert_cmpint (p->id, ==, id);
      g_array_append_val (lookup_ms, ms);
    }

  g_printerr ("average hits per search: %.1f\n", (double) total_hits / N_SEARCHES);
  printf ("BENCH catalog-search products=%d p50_ms=%.3f p99_ms=%.3f barcode_p99_ms=%.3f\n",
          N_PRODUCTS, percentile (search_ms, 0.50), percentile (search_ms, 0.99),
          percentile (lookup_ms, 0.99));

  g_rand_free (rand);
  g_clear_object (&catalog);
  g_clear_object (&db);
  store_test_remove_tree (dir);

  return 0;
}
