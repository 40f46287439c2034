/* test-ui-lookup.c — another till's sale given back, on real widgets, a real
 * kasir-server and two real tills of one outlet: a sale made on till a is not in till b's
 * history; Enter looks it up on the server, its receipt shows, and the refund made on b
 * reaches the server once, counted against that sale (what is left of it read back from the
 * server). Offline, till b says that only its own sales are available and asks nothing.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "kasir-database-private.h"
#include "kasir-refund-repository.h"
#include "kasir-sales-history-window.h"
#include "kasir-sales-repository.h"
#include "kasir-setting-keys.h"
#include "kasir-settings-repository.h"
#include "kasir-staff-repository.h"
#include "kasir-test-network-monitor.h"
#include "sync-test-util.h"
#include "ui-test-util.h"

typedef SyncTestOutlet Fixture;

static gboolean
idle_lookup (gpointer data)
{
  return !kasir_sales_history_window_get_looking_up (data);
}

static void
on_refunded (KasirRefundDialog *dialog,
             KasirRefund       *refund,
             KasirMoney        *total)
{
  *total = refund->total;
}

/* The refund's receipt would print by itself: no print dialog in this test. */
static void
on_refund_receipt (KasirSalesHistoryWindow *window,
                   gpointer                 printer,
                   gboolean                *printed)
{
  *printed = TRUE;
  g_signal_stop_emission_by_name (window, "refund-receipt-ready");
}

static gboolean
refunded (gpointer data)
{
  return *(KasirMoney *) data >= 0;
}

static void
on_looked_up (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  KasirRemoteSale **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = kasir_sync_client_lookup_sale_finish (KASIR_SYNC_CLIENT (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
looked_up (gpointer data)
{
  return *(KasirRemoteSale **) data != NULL;
}

/* What is left of line 1 is counted once: the server's figure holds the refund till b
 * made and pushed, and till b adds only its refunds still on their way. */
static void
check_left (Fixture    *f,
            const char *receipt)
{
  g_autoptr(KasirRemoteSale) remote = NULL;
  g_autoptr(KasirRefundRepository) refunds = kasir_refund_repository_new (f->b.db);
  g_autoptr(GArray) returned = NULL;
  g_autoptr(KasirRefund) too_many = NULL;
  g_autoptr(GError) error = NULL;
  KasirRefundPick pick = { 1, 0, FALSE };

  kasir_sync_client_lookup_sale_async (kasir_sync_service_get_client (f->b.service), receipt, NULL,
                                       on_looked_up, &remote);
  g_assert_true (sync_test_wait_for (looked_up, &remote, 20));
  g_assert_cmpint (g_array_index (remote->returned_qty, gint64, 0), ==, 1);
  kasir_refund_repository_set_returned_elsewhere (refunds, remote->sale->sale_id, remote->returned_qty,
                                                  remote->returned_amount);
  returned = kasir_refund_repository_returned_qty (refunds, remote->sale, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_array_index (returned, gint64, 0), ==, 1);
  /* All that was sold of the line, one of it given back already: refused, nothing written. */
  pick.qty = ((KasirSaleLine *) remote->sale->lines->pdata[0])->qty;
  too_many = kasir_refund_repository_commit (refunds, remote->sale, &pick, 1, NULL, "", 0, 0, NULL, &error);
  g_assert_null (too_many);
  g_assert_nonnull (error);
  g_assert_cmpint (sync_test_local_query (f->b.db, "SELECT count(*) FROM refunds"), ==, 1);
}

static gboolean
offline (gpointer data)
{
  KasirSyncStatus state = kasir_sync_service_get_state (data);

  return state == KASIR_SYNC_STATUS_OFFLINE || state == KASIR_SYNC_STATUS_UNREACHABLE;
}

/* Column @column (0 receipt number, 1 sale id) of the newest sale on @db. */
static char *
newest_sale (KasirDatabase *db,
             int            column)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = kasir_database_prepare (db, "SELECT receipt_no, sale_id FROM sales "
                                               "ORDER BY created_at DESC, rowid DESC LIMIT 1", &error);
  char *text;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  text = g_strdup ((const char *) sqlite3_column_text (stmt, column));
  kasir_database_stmt_done (stmt);
  return text;
}

/* @select FROM @table of the rows of @sale_id, on the server. */
static gint64
server_int (Fixture    *f,
            const char *select,
            const char *table,
            const char *sale_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE %s = '%s'", select, table,
                                          g_str_equal (table, "conflicts") ? "entity_id" : "sale_id", sale_id);

  return sync_test_server_query (f->server, sql);
}

static void
test_other_till (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (12);
  g_autoptr(KasirStaffRepository) staff_repo = kasir_staff_repository_new (f->b.db);
  g_autoptr(KasirStaff) cashier = NULL;
  g_autoptr(KasirSettingsRepository) settings = kasir_settings_repository_new (f->b.db);
  g_autofree char *receipt = NULL;
  g_autofree char *sale_id = NULL;
  KasirSalesHistoryWindow *window;
  KasirRefundDialog *dialog;
  KasirTillContext *context;
  KasirMoney total = -1;
  gboolean printed = FALSE;
  gint64 sale_total;

  /* A sale on till a, on the server. */
  sale_total = sync_test_make_sale (f->a.db, rand);
  sync_test_till_sync (&f->a);
  receipt = newest_sale (f->a.db, 0);
  sale_id = newest_sale (f->a.db, 1);

  cashier = kasir_staff_repository_get (staff_repo, sync_test_local_query (f->b.db, "SELECT min(id) FROM staff "
                                                                           "WHERE outlet_id = 1 AND role = 'cashier'"),
                                        &error);
  g_assert_no_error (error);
  context = kasir_test_context (f->b.db, f->b.service, cashier);
  window = kasir_sales_history_window_new (NULL, context);
  gtk_window_present (GTK_WINDOW (window));

  /* Not one of till b's: Enter looks it up on the server. */
  kasir_sales_history_window_search (window, receipt);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (kasir_sales_history_window_get_model (window))), ==, 0);
  g_assert_nonnull (strstr (kasir_sales_history_window_get_note (window), "Press Enter"));
  g_assert_true (kasir_sales_history_window_look_up (window));
  g_assert_true (sync_test_wait_for (idle_lookup, window, 20));
  g_assert_nonnull (strstr (kasir_sales_history_window_get_note (window), "another till"));
  g_assert_nonnull (strstr (kasir_sales_history_window_get_receipt_text (window), receipt));

  /* One unit of its first line given back on till b, no manager needed here. */
  g_assert_true (kasir_settings_repository_set_int64 (settings, KASIR_SETTING_REFUND_APPROVAL_ABOVE,
                                                      G_MAXINT32, &error));
  g_assert_no_error (error);
  g_signal_connect (window, "refund-receipt-ready", G_CALLBACK (on_refund_receipt), &printed);
  dialog = kasir_sales_history_window_start_refund (window);
  g_assert_nonnull (dialog);
  g_signal_connect (dialog, "refunded", G_CALLBACK (on_refunded), &total);
  kasir_refund_dialog_set_quantity (dialog, 1, 1, FALSE);
  kasir_refund_dialog_confirm (dialog);
  g_assert_true (sync_test_wait_for (refunded, &total, 10));
  g_assert_cmpint (total, >, 0);
  kasir_test_settle (50);
  g_assert_true (printed);
  g_assert_cmpint (total, <=, sale_total);
  sync_test_till_sync (&f->b);
  sync_test_till_sync (&f->b);

  /* On the server once, against a's sale, as a sale.refund like any other. */
  g_assert_cmpint (server_int (f, "count(*)", "refunds", sale_id), ==, 1);
  g_assert_cmpint (server_int (f, "sum(total)", "refunds", sale_id), ==, total);
  g_assert_cmpint (server_int (f, "count(*)", "conflicts", sale_id), ==, 0);
  g_assert_cmpint (sync_test_local_query (f->b.db, "SELECT count(*) FROM outbox WHERE state = 'rejected'"), ==, 0);

  /* A second refund reads the server again: the unit given back is counted there. */
  g_assert_null (kasir_sales_history_window_start_refund (window));
  g_assert_true (sync_test_wait_for (idle_lookup, window, 20));
  g_assert_nonnull (strstr (kasir_sales_history_window_get_note (window), "another till"));
  check_left (f, receipt);

  /* Offline: only this till's sales, said plainly; nothing is asked of the server. */
  kasir_test_network_monitor_set_available (f->b.monitor, FALSE);
  g_assert_true (sync_test_wait_for (offline, f->b.service, 20));
  kasir_sales_history_window_search (window, "");
  kasir_sales_history_window_search (window, receipt);
  g_assert_false (kasir_sales_history_window_look_up (window));
  g_assert_nonnull (strstr (kasir_sales_history_window_get_note (window), "only its own sales"));
  g_assert_null (kasir_sales_history_window_get_receipt_text (window));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add ("/Kasir/UI/Lookup/other-till", Fixture, NULL, sync_test_outlet_set_up, test_other_till,
              sync_test_outlet_tear_down);
  return g_test_run ();
}
