/* test-store-migrations.c — every migration from an empty database and from the version
 * before it, with the data already there kept.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kasir-database-private.h"
#include "kasir-catalog-repository.h"
#include "kasir-customer-repository.h"
#include "kasir-sales-repository.h"
#include "kasir-outbox-repository.h"
#include "kasir-report-totals.h"
#include "kasir-sale-keys.h"
#include "kasir-settings-repository.h"
#include "store-test-util.h"

/* A table ("name") or column ("table.column") each version brings, to prove that
 * version's migration really ran. */
static const char * const version_tables[] = {
  NULL,
  "products",             /* 1 */
  "conflicts",            /* 2 */
  "sync_state.seq_base",  /* 3 */
  "conflict_resolutions", /* 4 */
};

static gboolean
has_table (KasirDatabase *db,
           const char    *name)
{
  g_auto(GStrv) parts = g_strsplit (name, ".", 2);
  g_autofree char *sql = NULL;

  if (parts[1] == NULL)
    sql = g_strdup_printf ("SELECT count(*) FROM sqlite_master "
                           "WHERE type = 'table' AND name = '%s'", name);
  else
    /* The column's name appears in the table's own CREATE statement (SQLite rewrites it
     * on ALTER TABLE ADD COLUMN). */
    sql = g_strdup_printf ("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                           "AND name = '%s' AND sql LIKE '%% %s %%'", parts[0], parts[1]);

  return store_test_query (db, sql) == 1;
}

static void
assert_version (KasirDatabase *db,
                int            version)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (kasir_database_get_schema_version (db), ==, version);
  for (int v = 1; v < (int) G_N_ELEMENTS (version_tables) &&
                  v <= kasir_database_get_latest_version (); v++)
    {
      if (v <= version)
        g_assert_true (has_table (db, version_tables[v]));
      else
        g_assert_false (has_table (db, version_tables[v]));
    }
  g_assert_true (kasir_database_check_integrity (db, &error));
  g_assert_no_error (error);
}

static void
test_table_list_complete (void)
{
  /* A migration not named above is still run from empty and from the version before
   * (version number, integrity and kept data are checked); naming what it adds lets the
   * tests prove that it ran. */
  if (kasir_database_get_latest_version () > (int) G_N_ELEMENTS (version_tables) - 1)
    g_test_message ("migrations after %u do not name what they add in version_tables",
                    (guint) G_N_ELEMENTS (version_tables) - 1);
  g_assert_cmpint (kasir_database_get_latest_version (), >=, 1);
}

static void
test_from_empty (gconstpointer data)
{
  int version = GPOINTER_TO_INT (data);
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "kasir.db", NULL);
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];

  store_test_random_key (key);
  db = kasir_database_open_full (path, key, version, &error);
  g_assert_no_error (error);
  assert_version (db, version);
  g_clear_object (&db);

  /* Opening again at the same version changes nothing. */
  db = kasir_database_open_full (path, key, version, &error);
  g_assert_no_error (error);
  assert_version (db, version);
  g_clear_object (&db);

  store_test_remove_tree (dir);
}

/* Writes rows through the repositories that exist at every version. */
static void
fill (KasirDatabase *db)
{
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (db);
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (db);
  g_autoptr(KasirSettingsRepository) settings = kasir_settings_repository_new (db);
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (products, store_test_product (1, "Kopi Susu", 18000));
  g_ptr_array_add (products, store_test_product (2, "Teh Botol", 6000));
  g_assert_true (kasir_catalog_repository_upsert_products (catalog, products, &error));
  g_assert_no_error (error);

  for (int i = 0; i < 3; i++)
    {
      g_autoptr(KasirSale) sale = store_test_sale (2, 2);

      g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
      g_assert_no_error (error);
    }
  g_assert_true (kasir_settings_repository_set_string (settings, "store.name", "Toko", &error));
}

static void
check_kept (KasirDatabase *db)
{
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (db);
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (db);
  g_autoptr(KasirOutboxRepository) outbox = kasir_outbox_repository_new (db);
  g_autoptr(KasirSettingsRepository) settings = kasir_settings_repository_new (db);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(KasirProduct) product = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n = 0;

  found = kasir_catalog_repository_search (catalog, "kopi", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  product = kasir_catalog_repository_lookup_barcode (catalog, "8990000000002", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (product->name, ==, "Teh Botol");

  sale = kasir_sales_repository_get_by_receipt (sales, "0-000003", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sale->lines->len, ==, 2);
  g_assert_cmpuint (sale->payments->len, ==, 2);
  g_assert_true (kasir_outbox_repository_count_unsent (outbox, &n, &error));
  g_assert_cmpint (n, ==, 3);

  name = kasir_settings_repository_get_string (settings, "store.name", &error);
  g_assert_cmpstr (name, ==, "Toko");

  /* Numbering carries on where it was. */
  g_clear_pointer (&sale, kasir_sale_free);
  sale = store_test_sale (1, 1);
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_cmpstr (sale->receipt_no, ==, "0-000004");
  g_assert_true (kasir_outbox_repository_get_last_seq (outbox, &n, &error));
  g_assert_cmpint (n, ==, 4);
}

static void
test_from_previous (gconstpointer data)
{
  int version = GPOINTER_TO_INT (data);
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "kasir.db", NULL);
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];

  store_test_random_key (key);
  db = kasir_database_open_full (path, key, version - 1, &error);
  g_assert_no_error (error);
  assert_version (db, version - 1);
  if (version - 1 >= 1)
    fill (db);
  g_clear_object (&db);

  db = kasir_database_open_full (path, key, version, &error);
  g_assert_no_error (error);
  assert_version (db, version);
  if (version - 1 >= 1)
    check_kept (db);
  g_clear_object (&db);

  store_test_remove_tree (dir);
}

/* The outbox rows as one text (seq, id, type, state, entity, payload), to compare before
 * and after the outbox is rebuilt. */
static char *
outbox_text (KasirDatabase *db)
{
  return store_test_query_text (db, "SELECT group_concat(seq || '|' || id || '|' || type || '|' || "
                                    "state || '|' || entity_id || '|' || payload, '\n') "
                                    "FROM (SELECT * FROM outbox ORDER BY seq)");
}

typedef struct
{
  gint64 sales, net, paid, payments, qty;
} ReportSums;

static ReportSums
report_sums (KasirDatabase *db)
{
  return (ReportSums) {
    store_test_query (db, "SELECT COALESCE(SUM(sales), 0) FROM report_sales"),
    store_test_query (db, "SELECT COALESCE(SUM(net), 0) FROM report_sales"),
    store_test_query (db, "SELECT COALESCE(SUM(amount), 0) FROM report_payments"),
    store_test_query (db, "SELECT COALESCE(SUM(sales), 0) FROM report_payments"),
    store_test_query (db, "SELECT COALESCE(SUM(qty), 0) FROM report_products"),
  };
}

/* Version 20 moves the receipt counters into "counters", writes the report totals from
 * the commit instead of triggers, and rebuilds the outbox without its unique index on
 * the mutation id: rows, numbering and totals carry on. */
static void
test_fewer_pages_per_sale (void)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "kasir.db", NULL);
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirSalesRepository) sales = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *outbox_before = NULL;
  g_autofree char *outbox_after = NULL;
  ReportSums before, after;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  gint64 qty = 0;

  store_test_random_key (key);
  db = kasir_database_open_full (path, key, 19, &error);
  g_assert_no_error (error);
  fill (db);
  before = report_sums (db);
  g_assert_cmpint (before.sales, ==, 3);
  outbox_before = outbox_text (db);
  g_clear_object (&db);

  db = kasir_database_open_full (path, key, 20, &error);
  g_assert_no_error (error);
  assert_version (db, 20);

  /* Everything kept, and the rules that matter still hold. */
  outbox_after = outbox_text (db);
  g_assert_cmpstr (outbox_after, ==, outbox_before);
  after = report_sums (db);
  g_assert_cmpmem (&after, sizeof after, &before, sizeof before);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM sqlite_master "
                                         "WHERE name = 'receipt_counters'"), ==, 0);
  g_assert_cmpint (store_test_query (db, "SELECT value FROM counters "
                                         "WHERE name = 'receipt_no:0'"), ==, 3);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' "
                                         "AND tbl_name = 'outbox'"), ==, 2);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' "
                                         "AND name IN ('outbox_state', 'outbox_entity')"), ==, 2);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                                         "AND name LIKE 'report_%'"), ==, 0);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                                         "AND name = 'outbox_log_after_insert'"), ==, 1);
  g_assert_false (kasir_database_exec (db, "UPDATE outbox SET state = 'lost'", &error));
  g_clear_error (&error);

  /* The next sale takes the next number and reaches the totals. */
  sales = kasir_sales_repository_new (db);
  sale = store_test_sale (3, 2);
  for (guint i = 0; i < sale->lines->len; i++)
    qty += ((KasirSaleLine *) sale->lines->pdata[i])->qty;
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sale->receipt_no, ==, "0-000004");
  after = report_sums (db);
  g_assert_cmpint (after.sales, ==, before.sales + 1);
  g_assert_cmpint (after.net, ==, before.net + sale->total);
  g_assert_cmpint (after.paid, ==, before.paid + sale->total + sale->change);
  g_assert_cmpint (after.payments, ==, before.payments + 2);
  g_assert_cmpint (after.qty, ==, before.qty + qty);
  g_clear_object (&sales);
  g_clear_object (&db);

  store_test_remove_tree (dir);
}

/* The sales rows (rowid, id, receipt, customer) as one text, to compare before and after
 * the table is rebuilt. */
static char *
sales_text (KasirDatabase *db)
{
  return store_test_query_text (db, "SELECT group_concat(rowid || '|' || sale_id || '|' || "
                                    "receipt_no || '|' || customer_id || '|' || total, '\n') "
                                    "FROM (SELECT rowid, * FROM sales ORDER BY rowid)");
}

/* Version 20 with three sales, the second sold to customer 7 and served as a dine-in
 * order with one option on its first line. */
static void
fill_served_sales (KasirDatabase *db)
{
  g_autoptr(GError) error = NULL;

  fill (db);
  g_assert_true (kasir_database_exec (db,
                                      "UPDATE sales SET customer_id = 7 WHERE receipt_no = '0-000002';"
                                      "INSERT INTO sale_orders (sale_id, order_type, order_ref) "
                                      "  SELECT sale_id, 'dine_in', 'T4' FROM sales "
                                      "  WHERE receipt_no = '0-000002';"
                                      "INSERT INTO sale_line_options (sale_id, line_no, position, "
                                      "  group_id, group_version, option_id, group_name, name, price) "
                                      "  SELECT sale_id, 1, 0, 1, 1, 2, 'Sugar', 'Less', 0 FROM sales "
                                      "  WHERE receipt_no = '0-000002'", &error));
  g_assert_no_error (error);
}

/* What EXPLAIN QUERY PLAN says of @sql, its lines joined. */
static char *
query_plan (KasirDatabase *db,
            const char    *sql)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  g_autoptr(GString) plan = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  stmt = kasir_database_prepare (db, explain, &error);
  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
  kasir_database_stmt_done (stmt);

  return g_string_free (g_steal_pointer (&plan), FALSE);
}

static gint64
receipt_seq_indexes (KasirDatabase *db)
{
  /* A table constraint's index has no SQL of its own; the table's statement names it. */
  return store_test_query (db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                               "AND name = 'sales' AND sql LIKE '%UNIQUE (terminal_id, receipt_seq)%'");
}

/* Version 21 rebuilds "sales" without the unique index that repeated the receipt
 * number and indexes only the sales that have a customer: rows, rowids and the rows
 * that point at a sale (kept though the old table is dropped) carry on. */
static void
test_one_receipt_key (void)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "kasir.db", NULL);
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirSalesRepository) sales = NULL;
  g_autoptr(KasirCustomerRepository) customers = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *plan = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];

  store_test_random_key (key);
  db = kasir_database_open_full (path, key, 20, &error);
  g_assert_no_error (error);
  fill_served_sales (db);
  g_assert_cmpint (receipt_seq_indexes (db), ==, 1);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' "
                                         "AND tbl_name = 'sales'"), ==, 6);
  before = sales_text (db);
  g_clear_object (&db);

  db = kasir_database_open_full (path, key, 21, &error);
  g_assert_no_error (error);
  assert_version (db, 21);
  after = sales_text (db);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM sale_orders"), ==, 1);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM sale_line_options"), ==, 1);
  g_assert_cmpint (receipt_seq_indexes (db), ==, 0);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' "
                                         "AND tbl_name = 'sales'"), ==, 5);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' "
                                         "AND name IN ('sales_created_at', 'sales_shift', "
                                         "'sales_customer')"), ==, 3);

  /* A query by customer that says so uses the partial index, and finds the sale. */
  plan = query_plan (db, "SELECT receipt_no FROM sales WHERE customer_id = 7 "
                         "AND customer_id <> 0");
  g_assert_nonnull (strstr (plan, "sales_customer"));
  customers = kasir_customer_repository_new (db);
  history = kasir_customer_repository_history (customers, 7, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 1);

  /* The receipt number is still unique, and numbering carries on. */
  g_assert_false (kasir_database_exec (db, "UPDATE sales SET receipt_no = '0-000001' "
                                           "WHERE receipt_no = '0-000003'", &error));
  g_clear_error (&error);
  sales = kasir_sales_repository_new (db);
  sale = store_test_sale (2, 1);
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sale->receipt_no, ==, "0-000004");
  g_clear_object (&sales);
  g_clear_object (&customers);
  g_clear_object (&db);

  store_test_remove_tree (dir);
}

/* A migration that would leave a row pointing at nothing is rolled back whole: the file
 * stays at the version before, as it was. */
static void
test_dangling_reference_refused (void)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "kasir.db", NULL);
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];

  store_test_random_key (key);
  db = kasir_database_open_full (path, key, 20, &error);
  g_assert_no_error (error);
  fill_served_sales (db);
  /* Only a damaged file has such a row: foreign keys are on whenever Kasir writes. */
  g_assert_cmpint (sqlite3_exec (kasir_database_get_handle (db),
                                 "PRAGMA foreign_keys = OFF;"
                                 "INSERT INTO sale_orders (sale_id, order_type) "
                                 "  VALUES ('00000000-0000-7000-8000-000000000000', 'take_away');"
                                 "PRAGMA foreign_keys = ON", NULL, NULL, NULL), ==, SQLITE_OK);
  before = sales_text (db);
  g_clear_object (&db);

  db = kasir_database_open_full (path, key, 21, &error);
  g_assert_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_MIGRATION);
  g_assert_nonnull (strstr (error->message, "sale_orders"));
  g_assert_null (db);
  g_clear_error (&error);

  db = kasir_database_open_full (path, key, 20, &error);
  g_assert_no_error (error);
  assert_version (db, 20);
  after = sales_text (db);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (receipt_seq_indexes (db), ==, 1);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM sale_orders"), ==, 2);
  g_clear_object (&db);

  store_test_remove_tree (dir);
}

/* Version 22 leaves the report totals to a later transaction: the sales already there
 * are in them, a new sale is not until the totals catch up, and then is, once. */
static void
test_reports_after_the_sale (void)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "kasir.db", NULL);
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirSalesRepository) sales = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(GError) error = NULL;
  ReportSums before, after;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  guint added = 0;

  store_test_random_key (key);
  db = kasir_database_open_full (path, key, 21, &error);
  g_assert_no_error (error);
  fill (db);
  before = report_sums (db);
  g_assert_cmpint (before.sales, ==, 3);
  g_clear_object (&db);

  db = kasir_database_open_full (path, key, 22, &error);
  g_assert_no_error (error);
  assert_version (db, 22);
  g_assert_cmpint (store_test_query (db, "SELECT value FROM counters WHERE name = 'report_rowid'"),
                   ==, store_test_query (db, "SELECT max(rowid) FROM sales"));
  after = report_sums (db);
  g_assert_cmpmem (&after, sizeof after, &before, sizeof before);

  sales = kasir_sales_repository_new (db);
  sale = store_test_sale (3, 2);
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);
  after = report_sums (db);
  g_assert_cmpmem (&after, sizeof after, &before, sizeof before);
  g_assert_true (kasir_report_totals_catch_up (db, &added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 1);
  after = report_sums (db);
  g_assert_cmpint (after.sales, ==, before.sales + 1);
  g_assert_cmpint (after.net, ==, before.net + sale->total);
  g_assert_cmpint (after.payments, ==, before.payments + 2);
  g_clear_object (&sales);
  g_clear_object (&db);

  store_test_remove_tree (dir);
}

/* Version 23: a sale names its own outbox row, and the outbox's index by entity holds
 * only the other mutations. */
static void
test_sale_names_its_outbox_row (void)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "kasir.db", NULL);
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirSalesRepository) sales = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *plan = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];

  store_test_random_key (key);
  db = kasir_database_open_full (path, key, 22, &error);
  g_assert_no_error (error);
  fill (db);
  /* The first sale's row was acknowledged and pruned: it names none. */
  g_assert_true (kasir_database_exec (db, "DELETE FROM outbox WHERE seq = 1", &error));
  g_assert_no_error (error);
  g_clear_object (&db);

  db = kasir_database_open_full (path, key, 23, &error);
  g_assert_no_error (error);
  assert_version (db, 23);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM sales WHERE outbox_seq IS NULL"), ==, 1);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM sales s JOIN outbox o "
                                         "ON o.seq = s.outbox_seq AND o.entity_id = s.sale_id "
                                         "AND o.type = 'sale.create'"), ==, 2);

  /* A new sale names its row; the index by entity is not written for it. */
  sales = kasir_sales_repository_new (db);
  sale = store_test_sale (2, 1);
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sales s JOIN outbox o "
                                            "ON o.seq = s.outbox_seq WHERE s.sale_id = '%s' "
                                            "AND o.entity_id = s.sale_id", sale->sale_id);

    g_assert_cmpint (store_test_query (db, sql), ==, 1);
  }
  plan = query_plan (db, "SELECT seq FROM outbox WHERE entity_id = 'x' "
                         "AND type <> 'sale.create'");
  g_assert_nonnull (strstr (plan, "outbox_entity"));
  g_clear_object (&sales);
  g_clear_object (&db);

  store_test_remove_tree (dir);
}

/* The sale with @receipt_no as read through the repository, in one text: its lines
 * (product, qty, total, note) and payments (method, amount, reference) in order. */
static char *
sale_text (KasirSalesRepository *sales,
           const char           *receipt_no)
{
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(GError) error = NULL;
  GString *text = g_string_new (NULL);

  sale = kasir_sales_repository_get_by_receipt (sales, receipt_no, &error);
  g_assert_no_error (error);
  g_string_append_printf (text, "%s %s %" G_GINT64_FORMAT ";", sale->sale_id, sale->receipt_no,
                          sale->total);
  for (guint i = 0; i < sale->lines->len; i++)
    {
      KasirSaleLine *line = sale->lines->pdata[i];

      g_string_append_printf (text, " line %" G_GINT64_FORMAT " %s x%" G_GINT64_FORMAT
                              " %" G_GINT64_FORMAT " [%s]", line->product_id, line->sku,
                              line->qty, line->total, line->note != NULL ? line->note : "");
    }
  for (guint i = 0; i < sale->payments->len; i++)
    {
      KasirPayment *pay = sale->payments->pdata[i];

      g_string_append_printf (text, " pay %s %" G_GINT64_FORMAT " [%s]",
                              kasir_payment_method_to_string (pay->method), pay->amount,
                              pay->reference != NULL ? pay->reference : "");
    }
  return g_string_free (text, FALSE);
}

/* Version 24: a sale's lines and payments are keyed by the sale's row; every sale reads
 * back as it was, keeps its row number, and a sale's rows are found by key range. */
static void
test_lines_keyed_by_sale_row (void)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "kasir.db", NULL);
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirSalesRepository) sales = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rows_before = NULL, *rows_after = NULL, *plan = NULL;
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_free);
  guint8 key[KASIR_DATABASE_KEY_SIZE];

  store_test_random_key (key);
  db = kasir_database_open_full (path, key, 23, &error);
  g_assert_no_error (error);
  fill (db);
  sales = kasir_sales_repository_new (db);
  sale = store_test_sale (3, 2);
  ((KasirSaleLine *) sale->lines->pdata[1])->note = g_strdup ("no ice");
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);
  /* A gap in the row numbers, as retention leaves: the rows after it keep theirs. */
  g_assert_true (kasir_database_exec (db, "DELETE FROM sale_lines WHERE sale_id = "
                                          "(SELECT sale_id FROM sales WHERE receipt_no = '0-000002');"
                                          "DELETE FROM sale_payments WHERE sale_id = "
                                          "(SELECT sale_id FROM sales WHERE receipt_no = '0-000002');"
                                          "DELETE FROM sales WHERE receipt_no = '0-000002'", &error));
  g_assert_no_error (error);
  for (int i = 1; i <= 4; i++)
    {
      g_autofree char *receipt_no = g_strdup_printf ("0-%06d", i);

      if (i != 2)
        g_ptr_array_add (before, sale_text (sales, receipt_no));
    }
  rows_before = store_test_query_text (db, "SELECT group_concat (rowid || ':' || sale_id, ',') "
                                           "FROM sales");
  g_clear_object (&sales);
  g_clear_pointer (&sale, kasir_sale_free);
  g_clear_object (&db);

  db = kasir_database_open_full (path, key, 24, &error);
  g_assert_no_error (error);
  assert_version (db, 24);
  rows_after = store_test_query_text (db, "SELECT group_concat (sale_row || ':' || sale_id, ',') "
                                          "FROM sales");
  g_assert_cmpstr (rows_after, ==, rows_before);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM sale_lines"), ==, 3 * 2 + 3 - 2);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM sale_payments"), ==, 3 * 2 - 2 + 2);
  sales = kasir_sales_repository_new (db);
  for (int i = 1, k = 0; i <= 4; i++)
    {
      g_autofree char *receipt_no = g_strdup_printf ("0-%06d", i);
      g_autofree char *text = NULL;

      if (i == 2)
        continue;
      text = sale_text (sales, receipt_no);
      g_assert_cmpstr (text, ==, before->pdata[k++]);
    }

  /* A new sale's lines go at the end, keyed by its row; its note is kept. */
  sale = store_test_sale (2, 2);
  ((KasirSaleLine *) sale->lines->pdata[0])->note = g_strdup ("panas");
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_test_query (db, "SELECT max(line_key) FROM sale_lines"), ==,
                   store_test_query (db, "SELECT max(sale_row) FROM sales") * 65536 + 2);
  g_assert_cmpint (store_test_query (db, "SELECT max(payment_key) FROM sale_payments"), ==,
                   store_test_query (db, "SELECT max(sale_row) FROM sales") * 65536 + 2);
  {
    g_autofree char *text = sale_text (sales, sale->receipt_no);

    g_assert_nonnull (strstr (text, "x1 1500 [panas] line 2"));
  }

  /* A sale's lines by their key range, not by a scan. */
  plan = query_plan (db, "SELECT l.qty FROM sales s JOIN sale_lines l ON "
                         KASIR_SALE_KEYS ("l.line_key", "s") " WHERE s.sale_id = 'x'");
  g_assert_nonnull (strstr (plan, "sale_lines AS l USING INTEGER PRIMARY KEY"));
  g_clear_object (&sales);
  g_clear_object (&db);

  store_test_remove_tree (dir);
}

static void
test_too_new (void)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "kasir.db", NULL);
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];

  store_test_random_key (key);
  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  g_assert_true (kasir_database_exec (db, "PRAGMA user_version = 999", &error));
  g_clear_object (&db);

  db = kasir_database_open_with_key (path, key, &error);
  g_assert_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_TOO_NEW);
  g_assert_null (db);

  store_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  int latest;

  g_test_init (&argc, &argv, NULL);

  latest = kasir_database_get_latest_version ();
  g_test_add_func ("/Kasir/Store/Migrations/table-list", test_table_list_complete);
  for (int v = 1; v <= latest; v++)
    {
      g_autofree char *empty = g_strdup_printf ("/Kasir/Store/Migrations/from-empty/%04d", v);
      g_autofree char *prev = g_strdup_printf ("/Kasir/Store/Migrations/from-previous/%04d", v);
      g_test_add_data_func (empty, GINT_TO_POINTER (v), test_from_empty);
      g_test_add_data_func (prev, GINT_TO_POINTER (v), test_from_previous);
    }
  g_test_add_func ("/Kasir/Store/Migrations/0020-fewer-pages-per-sale", test_fewer_pages_per_sale);
  g_test_add_func ("/Kasir/Store/Migrations/0021-one-receipt-key", test_one_receipt_key);
  g_test_add_func ("/Kasir/Store/Migrations/0022-reports-after-the-sale", test_reports_after_the_sale);
  g_test_add_func ("/Kasir/Store/Migrations/0023-sale-names-its-outbox-row",
                   test_sale_names_its_outbox_row);
  g_test_add_func ("/Kasir/Store/Migrations/0024-lines-keyed-by-sale-row",
                   test_lines_keyed_by_sale_row);
  g_test_add_func ("/Kasir/Store/Migrations/dangling-reference-refused",
                   test_dangling_reference_refused);
  g_test_add_func ("/Kasir/Store/Migrations/too-new", test_too_new);

  return g_test_run ();
}
