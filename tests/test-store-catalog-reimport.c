/* test-store-catalog-reimport.c — importing a product CSV again over a real encrypted
 * database leaves what a manager archived archived, unless the row says otherwise:
 *
 *  - a product archived since the first import stays archived when the same file comes
 *    again (its price and name are still updated), and a new product is active;
 *  - an "Aktif" column (yes/ya/1, no/tidak/0) sets it either way, and so does the
 *    export's own "archived" column, so an exported file imported again changes nothing;
 *  - a value that is neither is a problem named by line and field, and nothing is written.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "kasir-input-error.h"
#include "kasir-catalog-admin-repository.h"
#include "kasir-catalog-import.h"
#include "kasir-database-private.h"
#include "store-test-util.h"

typedef struct
{
  char          *dir;
  KasirDatabase *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->db = store_test_open_db (&f->dir);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->db);
  store_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* Imports @csv; returns the number of products written, or -1 with *problems. */
static gint64
import (Fixture     *f,
        const char  *csv,
        GPtrArray  **problems)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirCatalogImport) import = kasir_catalog_import_new (csv, strlen (csv), &error);

  g_assert_no_error (error);
  return kasir_catalog_import_apply (import, f->db, 0, NULL, problems, NULL);
}

static gint64
archived (Fixture    *f,
          const char *sku)
{
  g_autofree char *sql = g_strdup_printf ("SELECT archived FROM products WHERE sku = '%s'", sku);

  return store_test_query (f->db, sql);
}

static void
test_archived_stays (Fixture       *f,
                     gconstpointer  data)
{
  static const char first[] = "SKU,Nama,Harga\r\nA-1,Kopi,15000\r\nA-2,Teh,8000\r\n";
  static const char again[] = "SKU,Nama,Harga\r\nA-1,Kopi,15000\r\nA-2,Teh Manis,9000\r\nA-3,Susu,12000\r\n";

  g_assert_cmpint (import (f, first, NULL), ==, 2);
  g_assert_true (kasir_database_exec (f->db, "UPDATE products SET archived = 1 WHERE sku = 'A-2'", NULL));

  g_assert_cmpint (import (f, again, NULL), ==, 3);
  g_assert_cmpint (archived (f, "A-1"), ==, 0);
  g_assert_cmpint (archived (f, "A-2"), ==, 1);
  g_assert_cmpint (archived (f, "A-3"), ==, 0);
  g_assert_cmpint (store_test_query (f->db, "SELECT price FROM products WHERE sku = 'A-2' AND name = 'Teh Manis'"),
                   ==, 9000);
}

static void
test_row_says (Fixture       *f,
               gconstpointer  data)
{
  static const char first[] = "SKU,Nama,Harga\r\nA-1,Kopi,15000\r\nA-2,Teh,8000\r\n";
  static const char said[] = "SKU,Nama,Harga,Aktif\r\nA-1,Kopi,15000,tidak\r\nA-2,Teh,8000,ya\r\n";
  g_autoptr(KasirCatalogAdminRepository) admin = kasir_catalog_admin_repository_new (f->db);
  g_autoptr(GError) error = NULL;
  g_autofree char *exported = NULL;

  g_assert_cmpint (import (f, first, NULL), ==, 2);
  g_assert_true (kasir_database_exec (f->db, "UPDATE products SET archived = 1 WHERE sku = 'A-2'", NULL));
  g_assert_cmpint (import (f, said, NULL), ==, 2);
  g_assert_cmpint (archived (f, "A-1"), ==, 1);
  g_assert_cmpint (archived (f, "A-2"), ==, 0);

  /* The export's own file, imported again, changes no product's state. */
  exported = kasir_catalog_admin_repository_export_csv (admin, &error);
  g_assert_no_error (error);
  g_assert_cmpint (import (f, exported, NULL), ==, 2);
  g_assert_cmpint (archived (f, "A-1"), ==, 1);
  g_assert_cmpint (archived (f, "A-2"), ==, 0);
}

static void
test_bad_value (Fixture       *f,
                gconstpointer  data)
{
  static const char first[] = "SKU,Nama,Harga\r\nA-1,Kopi,15000\r\n";
  static const char bad[] = "SKU,Nama,Harga,Aktif\r\nA-1,Kopi,16000,ya\r\nA-2,Teh,8000,mungkin\r\n";
  g_autoptr(GPtrArray) problems = NULL;

  g_assert_cmpint (import (f, first, NULL), ==, 1);
  g_assert_cmpint (import (f, bad, &problems), ==, -1);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (g_str_has_prefix (problems->pdata[0], "Line 3: Active:"));
  g_assert_cmpint (store_test_query (f->db, "SELECT count(*) FROM products"), ==, 1);
  g_assert_cmpint (store_test_query (f->db, "SELECT price FROM products WHERE sku = 'A-1'"), ==, 15000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add ("/Kasir/Store/CatalogReimport/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("archived-stays", test_archived_stays);
  ADD ("row-says", test_row_says);
  ADD ("bad-value", test_bad_value);
#undef ADD

  return g_test_run ();
}
