/* test-ui-outlet-report.c — the report window's "This till / Whole outlet" on a till
 * enrolled with a real kasir-server, two tills selling: the whole outlet's report grows
 * by both tills' sales to the rupiah while this till's shows its own only; a cashier's
 * id is refused by the server and the window says so and goes back to this till; with the
 * server stopped the window says it cannot be reached and shows this till. Real widgets
 * under Xvfb, real SQLCipher databases.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "kasir-cart.h"
#include "kasir-catalog-repository.h"
#include "kasir-report-window.h"
#include "kasir-sales-repository.h"
#include "kasir-staff-repository.h"
#include "sync-test-util.h"
#include "ui-test-util.h"

typedef SyncTestOutlet Fixture;

static KasirStaff *
staff_of (KasirDatabase *db,
          const char    *role)
{
  g_autoptr(KasirStaffRepository) repo = kasir_staff_repository_new (db);
  g_autofree char *sql = g_strdup_printf ("SELECT min(id) FROM staff WHERE outlet_id = 1 AND active = 1 "
                                          "AND role = '%s'", role);
  g_autoptr(GError) error = NULL;
  KasirStaff *staff = kasir_staff_repository_get (repo, sync_test_local_query (db, sql), &error);

  g_assert_no_error (error);
  return staff;
}

static KasirMoney
sell (KasirDatabase *db,
      int            qty)
{
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (db);
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (db);
  g_autoptr(KasirCart) cart = kasir_cart_new ("IDR", TRUE);
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  g_autoptr(KasirStaff) cashier = staff_of (db, "cashier");
  g_autoptr(KasirProduct) p = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = sync_test_local_query (db, "SELECT p.id FROM products p JOIN stock s ON s.product_id = p.id "
                                         "WHERE s.outlet_id = 1 AND s.qty BETWEEN 10 AND 500 "
                                         "ORDER BY p.id DESC LIMIT 1");

  p = kasir_catalog_repository_get_product (catalog, id, &error);
  g_assert_no_error (error);
  kasir_cart_add_product (cart, p, qty);
  g_assert_true (kasir_cart_compute (cart, &error));
  g_ptr_array_add (payments, kasir_payment_new (KASIR_PAYMENT_CARD, cart->total));
  sale = kasir_cart_to_sale (cart, payments, 0, &error);
  g_assert_no_error (error);
  sale->staff_id = cashier->id;
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);
  return sale->total;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Shows today, of the scope chosen, and waits for it. */
static gboolean
show_today (KasirReportWindow  *window,
            GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  kasir_report_window_show_days_async (window, now, now, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return kasir_report_window_show_days_finish (window, result, error);
}

static gboolean
back_to_till (gpointer data)
{
  KasirReportWindow *window = data;
  const char *message = kasir_report_window_get_message (window);

  return kasir_report_window_get_report (window) != NULL && !kasir_report_window_get_outlet (window) &&
         message != NULL && strstr (message, "this till") != NULL;
}

static void
test_whole_outlet (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(KasirStaff) manager = staff_of (f->a.db, "manager");
  g_autoptr(KasirStaff) cashier = staff_of (f->a.db, "cashier");
  g_autoptr(GError) error = NULL;
  KasirTillContext *context = kasir_test_context (f->a.db, f->a.service, manager);
  KasirReportWindow *window;
  KasirMoney outlet_before, till_before, sold_a, sold_b;

  window = kasir_report_window_new (NULL, context, TRUE);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (kasir_report_window_get_outlet_available (window));
  g_assert_true (show_today (window, &error));
  g_assert_no_error (error);
  g_assert_false (kasir_report_window_get_outlet (window));
  till_before = kasir_report_window_get_report (window)->sales;
  kasir_report_window_set_outlet (window, TRUE);
  g_assert_true (show_today (window, &error));
  g_assert_no_error (error);
  g_assert_true (kasir_report_window_get_outlet (window));
  outlet_before = kasir_report_window_get_report (window)->sales;

  sold_a = sell (f->a.db, 2);
  sold_b = sell (f->b.db, 3) + sell (f->b.db, 1);
  sync_test_till_sync (&f->a);
  sync_test_till_sync (&f->b);

  /* The outlet: both tills' sales, to the rupiah; the chart and the card total follow. */
  g_assert_true (show_today (window, &error));
  g_assert_no_error (error);
  g_assert_true (kasir_report_window_get_outlet (window));
  g_assert_cmpint (kasir_report_window_get_report (window)->sales, ==, outlet_before + sold_a + sold_b);
  g_assert_cmpint (kasir_report_window_get_report (window)->net - kasir_report_window_get_report (window)->sales,
                   ==, -kasir_report_window_get_report (window)->refunds);
  {
    g_autoptr(GdkTexture) shot = kasir_test_render (GTK_WIDGET (window), "report-whole-outlet.png");
  }
  /* This till: its own sale only. */
  kasir_report_window_set_outlet (window, FALSE);
  g_assert_true (show_today (window, &error));
  g_assert_false (kasir_report_window_get_outlet (window));
  g_assert_cmpint (kasir_report_window_get_report (window)->sales, ==, till_before + sold_a);
  gtk_window_destroy (GTK_WINDOW (window));

  /* A cashier's id is refused by the server: said, and back to this till. */
  kasir_till_context_set_staff (context, cashier);
  window = kasir_report_window_new (NULL, context, TRUE);
  kasir_report_window_set_outlet (window, TRUE);
  g_assert_false (show_today (window, &error));
  g_clear_error (&error);
  g_assert_true (sync_test_wait_for (back_to_till, window, 10));
  g_assert_nonnull (strstr (kasir_report_window_get_message (window), "manager"));
  gtk_window_destroy (GTK_WINDOW (window));

  /* The server stopped: said, and back to this till. */
  kasir_till_context_set_staff (context, manager);
  window = kasir_report_window_new (NULL, context, TRUE);
  sync_test_server_stop (f->server);
  kasir_report_window_set_outlet (window, TRUE);
  g_assert_false (show_today (window, &error));
  g_clear_error (&error);
  g_assert_true (sync_test_wait_for (back_to_till, window, 30));
  g_assert_nonnull (strstr (kasir_report_window_get_message (window), "reached"));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add ("/Kasir/UiOutletReport/whole-outlet", Fixture, NULL, sync_test_outlet_set_up,
              test_whole_outlet, sync_test_outlet_tear_down);
  return g_test_run ();
}
