/* store-test-util.h — small helpers shared by the store's tests and benchmarks.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>
#include <time.h>

#include <glib/gstdio.h>
#include <sodium.h>

#include "kasir-money.h"
#include "kasir-models.h"
#include "kasir-database-private.h"
#include "kasir-sync-state-repository.h"

static inline void
store_test_random_key (guint8 key[KASIR_DATABASE_KEY_SIZE])
{
  g_assert_cmpint (sodium_init (), >=, 0);
  randombytes_buf (key, KASIR_DATABASE_KEY_SIZE);
}

/* A fresh directory under the system temporary directory; never under HOME. */
static inline char *
store_test_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("kasir-store-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static inline void
store_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        store_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static inline KasirProduct *
store_test_product (gint64      id,
                    const char *name,
                    KasirMoney  price)
{
  KasirProduct *p = kasir_product_new ();

  p->id = id;
  p->sku = g_strdup_printf ("SKU-%06" G_GINT64_FORMAT, id);
  p->barcode = g_strdup_printf ("899%010" G_GINT64_FORMAT, id);
  p->name = g_strdup (name);
  p->price = price;
  p->price_version = 1;
  p->tax_rate_bp = 1100;
  p->version = 1;

  return p;
}

/* A sale that satisfies kasir_sale_check_sums(): @n_lines lines of products 1..n_lines
 * (qty i, price 1000 * i + 500, prices include 11% tax), paid by card (about half) and
 * cash (the rest plus an overpayment returned as change) when @n_payments is 2, or cash
 * alone. */
static inline KasirSale *
store_test_sale (guint n_lines,
                 guint n_payments)
{
  KasirSale *sale = kasir_sale_new ();
  KasirMoney card, cash;

  g_strlcpy (sale->currency, "IDR", sizeof sale->currency);
  sale->tax_inclusive = TRUE;
  sale->staff_id = 3;

  for (guint i = 1; i <= n_lines; i++)
    {
      KasirSaleLine *line = kasir_sale_line_new ();

      line->product_id = i;
      line->sku = g_strdup_printf ("SKU-%06u", i);
      line->name = g_strdup_printf ("Barang nomor %u", i);
      line->qty = i;
      line->unit_price = 1000 * i + 500;
      line->price_version = 1;
      line->tax_rate_bp = 1100;
      line->discount = 0;
      line->total = line->qty * line->unit_price;
      g_assert_true (kasir_tax_included (line->total, line->tax_rate_bp, &line->tax));
      sale->subtotal += line->total;
      sale->tax += line->tax;
      g_ptr_array_add (sale->lines, line);
    }
  sale->total = sale->subtotal;

  if (n_payments >= 2)
    {
      card = sale->total / 2;
      cash = sale->total - card;
      g_ptr_array_add (sale->payments, kasir_payment_new (KASIR_PAYMENT_CARD, card));
      g_ptr_array_add (sale->payments, kasir_payment_new (KASIR_PAYMENT_CASH, cash + 500));
      sale->change = 500;
    }
  else
    g_ptr_array_add (sale->payments, kasir_payment_new (KASIR_PAYMENT_CASH, sale->total));

  return sale;
}

/* A new till database "kasir.db" in the directory @dir, with a random key. */
static inline KasirDatabase *
store_test_open_db_in (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "kasir.db", NULL);
  g_autoptr(GError) error = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  KasirDatabase *db;

  store_test_random_key (key);
  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  return db;
}

/* store_test_open_db_in a new temporary directory (@out_dir, for store_test_remove_tree). */
static inline KasirDatabase *
store_test_open_db (char **out_dir)
{
  *out_dir = store_test_tmp_dir ();
  return store_test_open_db_in (*out_dir);
}

/* store_test_open_db, enrolled as terminal 7 of outlet 2 (its server never answers). */
static inline KasirDatabase *
store_test_enrolled_db (char **out_dir)
{
  KasirDatabase *db = store_test_open_db (out_dir);
  g_autoptr(KasirSyncStateRepository) state = kasir_sync_state_repository_new (db);
  g_autoptr(GError) error = NULL;

  g_assert_true (kasir_sync_state_repository_set_identity (state, 7, 2, "https://x.example", &error));
  g_assert_no_error (error);
  return db;
}

/* The first column of the first row of @sql, which must succeed. */
static inline gint64
store_test_query (KasirDatabase *db,
                  const char    *sql)
{
  g_autoptr(GError) error = NULL;
  gint64 value = -1;

  g_assert_true (kasir_database_query_int64 (db, sql, &value, &error));
  g_assert_no_error (error);

  return value;
}

/* The first column of the first row of @sql as text (newly allocated; "" for no row or
 * NULL); the query must be valid. */
static inline char *
store_test_query_text (KasirDatabase *db,
                       const char    *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = kasir_database_prepare (db, sql, &error);
  char *value = NULL;

  g_assert_no_error (error);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = kasir_database_column_dup (stmt, 0);
  kasir_database_stmt_done (stmt);
  return value != NULL ? value : g_strdup ("");
}
