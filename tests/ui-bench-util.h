/* ui-bench-util.h — a large catalog for the UI benchmarks.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sodium.h>

#include "kasir-catalog-repository.h"
#include "kasir-sync-state-repository.h"

/* Words of Indonesian shop shelves; product names are three or four of them. */
static const char * const ui_bench_words[] = {
  "kopi", "teh", "susu", "gula", "aren", "coklat", "keju", "roti", "mie", "goreng",
  "ayam", "sapi", "ikan", "udang", "pedas", "manis", "asin", "botol", "kaleng", "sachet",
  "bubuk", "segar", "dingin", "vanila", "mangga", "jeruk", "apel", "pisang", "kelapa",
  "pandan", "jahe", "sabun", "sampo", "pasta", "gigi", "tisu", "minyak", "beras",
  "tepung", "telur", "kecap", "saus", "sambal", "bumbu", "kacang", "keripik", "biskuit",
  "wafer", "permen", "air", "mineral", "soda", "jus", "yogurt", "mentega", "sosis",
  "nugget", "bakso", "kornet", "sarden", "premium", "hemat", "keluarga", "mini", "jumbo",
};

/* Fills a new database at @path with @n products (with stock at outlet 1) and returns
 * its random key in @key. */
static inline void
ui_bench_make_catalog (const char *path,
                       guint       n,
                       guint8      key[KASIR_DATABASE_KEY_SIZE])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirCatalogRepository) catalog = NULL;
  g_autoptr(KasirSyncStateRepository) sync_state = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261122);
  const guint batch = 10000;

  g_assert_cmpint (sodium_init (), >=, 0);
  randombytes_buf (key, KASIR_DATABASE_KEY_SIZE);
  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);

  sync_state = kasir_sync_state_repository_new (db);
  g_assert_true (kasir_sync_state_repository_set_identity (sync_state, 1, 1, "https://kasir.invalid", &error));
  catalog = kasir_catalog_repository_new (db);

  for (guint start = 1; start <= n; start += batch)
    {
      g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);
      g_autoptr(GPtrArray) stock = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_stock_free);

      for (guint id = start; id < start + batch && id <= n; id++)
        {
          KasirProduct *p = kasir_product_new ();
          KasirStock *s = kasir_stock_new ();
          GString *name = g_string_new (NULL);
          guint words = g_rand_int_range (rand, 3, 5);

          for (guint w = 0; w < words; w++)
            {
              const char *word = ui_bench_words[g_rand_int_range (rand, 0, G_N_ELEMENTS (ui_bench_words))];

              if (w > 0)
                g_string_append_c (name, ' ');
              g_string_append_c (name, g_ascii_toupper (word[0]));
              g_string_append (name, word + 1);
            }
          g_string_append_printf (name, " %ug", 50 + id % 950);

          p->id = id;
          p->name = g_string_free (name, FALSE);
          p->sku = g_strdup_printf ("SKU-%06u", id);
          p->barcode = g_strdup_printf ("899%010u", id);
          p->price = 1000 + (id * 37) % 200000;
          p->price_version = 1;
          p->tax_rate_bp = 1100;
          p->version = 1;
          g_ptr_array_add (products, p);

          s->product_id = id;
          s->outlet_id = 1;
          s->qty = (gint64) (id % 50) - 5;
          g_ptr_array_add (stock, s);
        }
      g_assert_true (kasir_catalog_repository_upsert_products (catalog, products, &error));
      g_assert_no_error (error);
      g_assert_true (kasir_catalog_repository_upsert_stock (catalog, stock, &error));
      g_assert_no_error (error);
    }
}

/* VmRSS of this process in megabytes. */
static inline double
ui_bench_rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  if (line == NULL)
    return -1;

  return g_ascii_strtod (line + strlen ("VmRSS:"), NULL) / 1024.0;
}

static inline void
ui_bench_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}
