/* test-store-retention.c — synced sales older than the retention leave the till, the
 * space comes back, and nothing still owed to the server goes.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "kasir-database-private.h"
#include "kasir-input-error.h"
#include "kasir-sales-repository.h"
#include "kasir-sales-retention.h"
#include "kasir-settings-repository.h"
#include "kasir-sync-repository.h"
#include "store-test-util.h"

typedef struct
{
  char          *dir;
  char          *path;
  guint8         key[KASIR_DATABASE_KEY_SIZE];
  KasirDatabase *db;
  GDateTime     *now;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = store_test_tmp_dir ();
  f->path = g_build_filename (f->dir, "kasir.db", NULL);
  store_test_random_key (f->key);
  f->db = kasir_database_open_with_key (f->path, f->key, &error);
  g_assert_no_error (error);
  f->now = g_date_time_new_now_utc ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->db);
  g_date_time_unref (f->now);
  store_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  g_autoptr(GError) error = NULL;
  gint64 n = -1;

  g_assert_true (kasir_database_query_int64 (f->db, sql, &n, &error));
  g_assert_no_error (error);
  return n;
}

static void
exec (Fixture    *f,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kasir_database_exec (f->db, sql, &error));
  g_assert_no_error (error);
}

/* Commits a 5-line sale made @days_ago days ago (in @shift_id when not NULL); returns its
 * id. */
static char *
add_sale (Fixture    *f,
          int         days_ago,
          const char *shift_id)
{
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (f->db);
  g_autoptr(KasirSale) sale = store_test_sale (5, 2);
  g_autoptr(GDateTime) when = g_date_time_add_days (f->now, -days_ago);
  g_autoptr(GError) error = NULL;

  sale->created_at = g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");
  sale->shift_id = g_strdup (shift_id);
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);

  return g_strdup (sale->sale_id);
}

/* As after a sync: the server acknowledged every outbox row, and the acknowledged ones
 * are pruned. */
static void
sync_all (Fixture *f)
{
  exec (f, "UPDATE outbox SET state = 'acked'; DELETE FROM outbox WHERE state = 'acked'");
}

static gboolean
sale_exists (Fixture    *f,
             const char *sale_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sales WHERE sale_id = '%s'",
                                          sale_id);

  return count (f, sql) == 1;
}

static void
prune (Fixture *f,
       guint    expected)
{
  g_autoptr(GError) error = NULL;
  guint pruned = G_MAXUINT;

  g_assert_true (kasir_sales_retention_prune (f->db, f->now, &pruned, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pruned, ==, expected);
}

static void
test_prunes_only_synced (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *old_synced = NULL, *recent = NULL, *pending = NULL, *rejected = NULL;
  g_autofree char *conflicted = NULL, *resolved = NULL, *refunded = NULL;
  g_autofree char *in_open_shift = NULL, *acked = NULL, *sql = NULL;
  const char *shift = "0b7e4a5c-1d2e-4f3a-8b9c-0d1e2f3a4b5c";

  g_assert_true (kasir_sales_retention_set_days (f->db, 30, &error));
  g_assert_no_error (error);

  old_synced = add_sale (f, 40, NULL);
  recent = add_sale (f, 29, NULL);
  conflicted = add_sale (f, 50, NULL);
  resolved = add_sale (f, 50, NULL);
  refunded = add_sale (f, 60, NULL);
  in_open_shift = add_sale (f, 45, shift);
  sync_all (f);
  pending = add_sale (f, 40, NULL);
  rejected = add_sale (f, 40, NULL);
  acked = add_sale (f, 40, NULL);
  sql = g_strdup_printf ("UPDATE outbox SET state = 'rejected' WHERE entity_id = '%s';"
                         "UPDATE outbox SET state = 'acked' WHERE entity_id = '%s';"
                         "INSERT INTO conflicts (kind, status, entity, entity_id, created_at) "
                         "VALUES ('price_changed', 'open', 'sale', '%s', '2026-01-01T00:00:00Z');"
                         "INSERT INTO conflicts (kind, status, entity, entity_id, created_at) "
                         "VALUES ('price_changed', 'resolved', 'sale', '%s', '2026-01-01T00:00:00Z');"
                         "INSERT INTO outbox (seq, id, type, entity_id, payload, created_at) "
                         "VALUES ((SELECT max(seq) + 1 FROM outbox), "
                         "'5a1c3e2f-7b4d-4e6a-9c8b-1f2e3d4c5b6a', 'refund.create', "
                         "'6b2d4f3a-8c5e-4f7b-8d9c-2a3b4c5d6e7f', "
                         "'{\"sale_id\":\"%s\"}', '2026-01-01T00:00:00Z');"
                         "INSERT INTO shifts (id, outlet_id, terminal_id, staff_id, opened_at) "
                         "VALUES ('%s', 1, 1, 3, '2026-01-01T00:00:00Z')",
                         rejected, acked, conflicted, resolved, refunded, shift);
  exec (f, sql);
  g_assert_cmpint (count (f, "SELECT count(*) FROM sales"), ==, 9);

  /* old_synced, resolved, acked */
  prune (f, 3);
  g_assert_false (sale_exists (f, old_synced));
  g_assert_false (sale_exists (f, resolved));
  g_assert_false (sale_exists (f, acked));
  g_assert_true (sale_exists (f, recent));
  g_assert_true (sale_exists (f, pending));
  g_assert_true (sale_exists (f, rejected));
  g_assert_true (sale_exists (f, conflicted));
  g_assert_true (sale_exists (f, refunded));
  g_assert_true (sale_exists (f, in_open_shift));
  /* Their lines and payments went with them. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM sale_lines"), ==, 6 * 5);
  g_assert_cmpint (count (f, "SELECT count(*) FROM sale_payments"), ==, 6 * 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM sale_lines WHERE line_key >> 16 NOT IN "
                             "(SELECT sale_row FROM sales)"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM sale_payments WHERE payment_key >> 16 NOT IN "
                             "(SELECT sale_row FROM sales)"), ==, 0);

  /* Nothing more goes a second time; once the shift is closed, its sale goes too. */
  prune (f, 0);
  exec (f, "UPDATE shifts SET closed_at = '2026-01-02T00:00:00Z'");
  prune (f, 1);
  g_assert_false (sale_exists (f, in_open_shift));
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : 0;
}

static void
checkpoint (Fixture *f)
{
  int rc;

  /* BUSY while the background checkpoint of the last commits is still running. */
  while ((rc = sqlite3_wal_checkpoint_v2 (kasir_database_get_handle (f->db), NULL,
                                          SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL)) == SQLITE_BUSY)
    g_usleep (10000);
  g_assert_cmpint (rc, ==, SQLITE_OK);
}

static void
test_reclaims_space (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 before, after, pages_before, pages_after;

  g_assert_cmpint (count (f, "PRAGMA auto_vacuum"), ==, 2);
  g_assert_true (kasir_database_begin (f->db, &error));
  for (guint i = 0; i < 2000; i++)
    g_free (add_sale (f, 100 + i % 50, NULL));
  g_assert_true (kasir_database_commit (f->db, &error));
  for (guint i = 0; i < 20; i++)
    g_free (add_sale (f, 1, NULL));
  sync_all (f);
  checkpoint (f);
  before = file_size (f->path);
  pages_before = count (f, "PRAGMA page_count");

  prune (f, 2000);
  checkpoint (f);
  after = file_size (f->path);
  pages_after = count (f, "PRAGMA page_count");

  g_test_message ("%" G_GINT64_FORMAT " bytes before, %" G_GINT64_FORMAT " after",
                  before, after);
  g_assert_cmpint (count (f, "PRAGMA freelist_count"), ==, 0);
  g_assert_cmpint (pages_after, <, pages_before / 2);
  g_assert_cmpint (after, <, before / 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM sales"), ==, 20);
}

static void
test_bad_values_refused (Fixture       *f,
                         gconstpointer  data)
{
  static const gint64 bad[] = { 0, -1, -90, 3651, G_MAXINT64, G_MININT64 };
  g_autoptr(KasirSettingsRepository) settings = kasir_settings_repository_new (f->db);
  g_autoptr(GError) error = NULL;
  g_autofree char *old = NULL;
  gint64 days = 0;
  guint pruned = 7;

  g_assert_true (kasir_sales_retention_get_days (f->db, &days, &error));
  g_assert_cmpint (days, ==, KASIR_SALES_RETENTION_DEFAULT_DAYS);
  g_assert_true (kasir_sales_retention_set_days (f->db, 14, &error));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (kasir_sales_retention_set_days (f->db, bad[i], &error));
      g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE);
      g_clear_error (&error);
      g_assert_true (kasir_sales_retention_get_days (f->db, &days, &error));
      g_assert_cmpint (days, ==, 14);
    }

  /* A bad value stored by other means stops the prune, which then deletes nothing. */
  old = add_sale (f, 400, NULL);
  sync_all (f);
  g_assert_true (kasir_settings_repository_set_string (settings, KASIR_SALES_RETENTION_KEY,
                                                       "0", &error));
  g_assert_false (kasir_sales_retention_prune (f->db, f->now, &pruned, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  g_assert_true (kasir_settings_repository_set_string (settings, KASIR_SALES_RETENTION_KEY,
                                                       "ninety", &error));
  g_assert_false (kasir_sales_retention_prune (f->db, f->now, &pruned, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (pruned, ==, 7);
  g_assert_true (sale_exists (f, old));
}

/* A database made before incremental vacuum is rebuilt once when opened, keeping every
 * row. */
static void
test_old_database_rebuilt (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sale = add_sale (f, 3, NULL);

  exec (f, "PRAGMA auto_vacuum = NONE");
  exec (f, "VACUUM");
  g_assert_cmpint (count (f, "PRAGMA auto_vacuum"), ==, 0);

  g_assert_finalize_object (f->db);
  f->db = kasir_database_open_with_key (f->path, f->key, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "PRAGMA auto_vacuum"), ==, 2);
  g_assert_true (sale_exists (f, sale));
  g_assert_true (kasir_database_check_integrity (f->db, &error));
  g_assert_no_error (error);
}

static void
on_pruned (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  guint *out = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (kasir_sales_retention_prune_finish (KASIR_DATABASE (source), result, out,
                                                     &error));
  g_assert_no_error (error);
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *old = add_sale (f, 200, NULL);
  g_autofree char *kept = add_sale (f, 200, NULL);
  g_autofree char *sql = NULL;
  guint pruned = G_MAXUINT;

  sync_all (f);
  sql = g_strdup_printf ("INSERT INTO conflicts (kind, status, entity, entity_id, created_at) "
                         "VALUES ('stock_shortage', 'open', 'sale', '%s', "
                         "'2026-01-01T00:00:00Z')", kept);
  exec (f, sql);

  kasir_sales_retention_prune_async (f->db, NULL, on_pruned, &pruned);
  while (pruned == G_MAXUINT)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (pruned, ==, 1);
  g_assert_false (sale_exists (f, old));
  g_assert_true (sale_exists (f, kept));
}

/* After a sync prunes acknowledged outbox rows, old synced sales go too, once a day. */
static void
test_daily_after_sync (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = add_sale (f, 100, NULL);
  g_autofree char *second = NULL;

  sync_all (f);
  g_assert_true (kasir_sync_repository_prune_acked (f->db, &error));
  g_assert_no_error (error);
  g_assert_false (sale_exists (f, first));

  /* Not again the same day. */
  second = add_sale (f, 100, NULL);
  sync_all (f);
  g_assert_true (kasir_sync_repository_prune_acked (f->db, &error));
  g_assert_true (sale_exists (f, second));

  /* A day later. */
  exec (f, "UPDATE settings SET value = value - 1 WHERE key = 'sales.retention_last_day'");
  g_assert_true (kasir_sync_repository_prune_acked (f->db, &error));
  g_assert_false (sale_exists (f, second));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/Kasir/Store/Retention/" path, Fixture, NULL, \
                                  fixture_set_up, fn, fixture_tear_down)
  ADD ("prunes-only-synced", test_prunes_only_synced);
  ADD ("reclaims-space", test_reclaims_space);
  ADD ("bad-values-refused", test_bad_values_refused);
  ADD ("old-database-rebuilt", test_old_database_rebuilt);
  ADD ("async", test_async);
  ADD ("daily-after-sync", test_daily_after_sync);
#undef ADD

  return g_test_run ();
}
