/* test-store-bulk-load.c — a first catalog loaded with its indexes built once
 * (kasir-catalog-bulk-load.h).
 *
 * An empty catalog's load sets the products table's indexes and its full-text triggers
 * aside and builds them again at the end, exactly as the migrations define them; search
 * finds the loaded products and later edits keep the full-text index exact. A catalog
 * with products is never loaded that way. A load cut short is finished by the next open.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kasir-catalog-bulk-load.h"
#include "kasir-catalog-repository.h"
#include "kasir-database-private.h"
#include "store-test-util.h"

typedef struct
{
  char          *dir;
  char          *path;
  guint8         key[KASIR_DATABASE_KEY_SIZE];
  KasirDatabase *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = store_test_tmp_dir ();
  f->path = g_build_filename (f->dir, "till.db", NULL);
  store_test_random_key (f->key);
  f->db = kasir_database_open_with_key (f->path, f->key, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->db);
  store_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* Every index and trigger of the products table, as "type name: sql" lines, sorted. */
static char *
products_schema (KasirDatabase *db)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  stmt = kasir_database_prepare (db,
                                 "SELECT type || ' ' || name || ': ' || sql FROM sqlite_master "
                                 "WHERE tbl_name = 'products' AND type IN ('index', 'trigger') "
                                 "AND sql IS NOT NULL ORDER BY type, name", &error);
  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (text, "%s\n", (const char *) sqlite3_column_text (stmt, 0));
  kasir_database_stmt_done (stmt);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Writes products @first..@last named "<word> <id>", one page. */
static void
load_page (KasirDatabase *db,
           gint64         first,
           gint64         last,
           const char    *word)
{
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (db);
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);
  g_autoptr(GError) error = NULL;

  for (gint64 id = first; id <= last; id++)
    {
      g_autofree char *name = g_strdup_printf ("%s %" G_GINT64_FORMAT, word, id);

      g_ptr_array_add (products, store_test_product (id, name, 1000));
    }
  g_assert_true (kasir_catalog_repository_upsert_products (catalog, products, &error));
  g_assert_no_error (error);
}

static guint
search_count (KasirDatabase *db,
              const char    *text)
{
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (db);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  found = kasir_catalog_repository_search (catalog, text, 1000, &error);
  g_assert_no_error (error);
  return found->len;
}

static gboolean
running (KasirDatabase *db)
{
  g_autoptr(GError) error = NULL;
  gboolean value = TRUE;

  g_assert_true (kasir_catalog_bulk_load_running (db, &value, &error));
  g_assert_no_error (error);
  return value;
}

/* The full-text index holds exactly what the products table says. */
static void
assert_fts_exact (KasirDatabase *db)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kasir_database_exec (db, "INSERT INTO products_fts (products_fts) "
                                          "VALUES ('integrity-check')", &error));
  g_assert_no_error (error);
}

static void
test_load (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *before = products_schema (f->db);
  g_autofree char *during = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  gboolean started = FALSE;

  g_assert_nonnull (strstr (before, "index products_name"));
  g_assert_nonnull (strstr (before, "trigger products_fts_after_insert"));

  g_assert_true (kasir_catalog_bulk_load_begin (f->db, &started, &error));
  g_assert_no_error (error);
  g_assert_true (started);
  g_assert_true (running (f->db));
  during = products_schema (f->db);
  g_assert_cmpstr (during, ==, "");

  /* Pages as a pull writes them, one replacing part of the one before. */
  load_page (f->db, 1, 300, "kopi");
  load_page (f->db, 201, 500, "teh");
  /* Begun again (a pull that resumes): the load goes on. */
  g_assert_true (kasir_catalog_bulk_load_begin (f->db, &started, &error));
  g_assert_true (started);

  g_assert_true (kasir_catalog_bulk_load_finish (f->db, &error));
  g_assert_no_error (error);
  g_assert_false (running (f->db));
  after = products_schema (f->db);
  g_assert_cmpstr (after, ==, before);

  g_assert_cmpuint (search_count (f->db, "kop"), ==, 200);
  g_assert_cmpuint (search_count (f->db, "teh"), ==, 300);
  assert_fts_exact (f->db);

  /* The triggers are back: an edit moves a product between words. */
  load_page (f->db, 1, 10, "susu");
  g_assert_cmpuint (search_count (f->db, "kop"), ==, 190);
  g_assert_cmpuint (search_count (f->db, "susu"), ==, 10);
  assert_fts_exact (f->db);

  /* Finishing again does nothing. */
  g_assert_true (kasir_catalog_bulk_load_finish (f->db, &error));
  g_assert_no_error (error);
}

static void
test_not_empty (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  gboolean started = TRUE;

  load_page (f->db, 1, 3, "kopi");
  before = products_schema (f->db);

  g_assert_true (kasir_catalog_bulk_load_begin (f->db, &started, &error));
  g_assert_no_error (error);
  g_assert_false (started);
  g_assert_false (running (f->db));
  after = products_schema (f->db);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (search_count (f->db, "kopi"), ==, 3);
}

static void
test_recovered_on_open (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *before = products_schema (f->db);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  gboolean started = FALSE;

  g_assert_true (kasir_catalog_bulk_load_begin (f->db, &started, &error));
  g_assert_true (started);
  load_page (f->db, 1, 50, "gula");

  /* Closed halfway, as a crash would leave it. */
  g_clear_object (&f->db);
  f->db = kasir_database_open_with_key (f->path, f->key, &error);
  g_assert_no_error (error);

  g_assert_false (running (f->db));
  after = products_schema (f->db);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (search_count (f->db, "gula"), ==, 50);
  assert_fts_exact (f->db);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/Kasir/Store/BulkLoad/load", Fixture, NULL, fixture_set_up, test_load,
              fixture_tear_down);
  g_test_add ("/Kasir/Store/BulkLoad/not-empty", Fixture, NULL, fixture_set_up,
              test_not_empty, fixture_tear_down);
  g_test_add ("/Kasir/Store/BulkLoad/recovered-on-open", Fixture, NULL, fixture_set_up,
              test_recovered_on_open, fixture_tear_down);

  return g_test_run ();
}
