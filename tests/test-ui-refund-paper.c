/* test-ui-refund-paper.c — receipts printed from the sales history follow the till's
 * paper (Preferences, "receipt-width"), not always a 58 mm roll: a refund's receipt and
 * a sale's reprint on an 80 mm roll, then on a 58 mm one, on the real history window,
 * the real refund dialog and a real SQLCipher database; the PDF the print produces has
 * the page width of that roll. A refund's receipt prints by itself once the refund is
 * saved (refund-receipt-ready, whose default prints).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include <glib/gstdio.h>

#include "kasir-receipt-printer.h"
#include "kasir-refund-dialog.h"
#include "kasir-sales-history-window.h"
#include "kasir-sales-repository.h"
#include "kasir-setting-keys.h"
#include "kasir-settings-repository.h"
#include "kasir-staff-repository.h"
#include "store-test-util.h"
#include "sync-test-util.h"
#include "ui-test-util.h"

/* The width in points of the first page of the PDF at @path (its MediaBox). */
static double
pdf_page_width (const char *path)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  const char *box;
  double x0, y0, x1, y1;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  /* Byte by byte: the file has NUL bytes in its streams. */
  box = NULL;
  for (gsize i = 0; box == NULL && i + 9 <= length; i++)
    if (memcmp (data + i, "/MediaBox", 9) == 0)
      box = data + i;
  g_assert_nonnull (box);
  box = strchr (box, '[');
  g_assert_nonnull (box);
  g_assert_cmpint (sscanf (box + 1, "%lf %lf %lf %lf", &x0, &y0, &x1, &y1), ==, 4);
  return x1 - x0;
}

static gboolean
refunded (gpointer data)
{
  return store_test_query (data, "SELECT COUNT(*) FROM refunds") > 0;
}

/* The refund's receipt printed by itself: to @pdf here instead of the print dialog. */
static void
on_refund_receipt (KasirSalesHistoryWindow *window,
                   KasirReceiptPrinter     *printer,
                   const char              *pdf)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kasir_receipt_printer_export_pdf (printer, pdf, &error));
  g_assert_no_error (error);
  g_signal_stop_emission_by_name (window, "refund-receipt-ready");
}

static void
test_paper_width (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-ui-refund-paper-XXXXXX", &error);
  g_autofree char *pdf = NULL;
  g_autofree char *auto_pdf = NULL;
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirSalesRepository) sales = NULL;
  g_autoptr(KasirSettingsRepository) settings = NULL;
  g_autoptr(KasirStaffRepository) staff_repo = NULL;
  g_autoptr(KasirStaff) cashier = NULL;
  g_autoptr(KasirSale) sale = store_test_sale (2, 1);
  g_autoptr(GSettings) gsettings = g_settings_new (APP_ID);
  KasirSalesHistoryWindow *window;
  KasirRefundDialog *dialog;
  KasirTillContext *context;

  g_assert_no_error (error);
  db = sync_test_terminal_db (dir, "till.db", NULL);
  sales = kasir_sales_repository_new (db);
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);
  settings = kasir_settings_repository_new (db);
  g_assert_true (kasir_settings_repository_set_int64 (settings, KASIR_SETTING_REFUND_APPROVAL_ABOVE, 1000000, &error));
  staff_repo = kasir_staff_repository_new (db);
  cashier = kasir_staff_repository_get (staff_repo, kasir_test_add_staff (db, "Budi", "cashier", "1357"), &error);
  g_assert_no_error (error);
  context = kasir_test_context (db, NULL, cashier);
  pdf = g_build_filename (dir, "receipt.pdf", NULL);
  auto_pdf = g_build_filename (dir, "refund.pdf", NULL);

  /* An 80 mm roll: the reprint is 80 mm wide (226.8 points). */
  g_settings_set_string (gsettings, "receipt-width", "80mm");
  window = kasir_sales_history_window_new (NULL, context);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (kasir_sales_history_window_open (window, 0));
  g_assert_true (kasir_sales_history_window_print (window, pdf, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (pdf_page_width (pdf), 80.0 / 25.4 * 72.0, 0.5);

  /* A refund of one line: its receipt prints by itself once the refund is saved, on the
   * same roll; printed again, it is the same. */
  g_assert_cmpint (g_remove (auto_pdf), !=, 0);
  g_signal_connect (window, "refund-receipt-ready", G_CALLBACK (on_refund_receipt), auto_pdf);
  dialog = kasir_sales_history_window_start_refund (window);
  g_assert_nonnull (dialog);
  kasir_refund_dialog_set_quantity (dialog, 1, 1, FALSE);
  kasir_refund_dialog_confirm (dialog);
  g_assert_true (sync_test_wait_for (refunded, db, 5));
  kasir_test_settle (100);
  g_assert_true (g_file_test (auto_pdf, G_FILE_TEST_EXISTS));
  g_assert_cmpfloat_with_epsilon (pdf_page_width (auto_pdf), 80.0 / 25.4 * 72.0, 0.5);
  g_assert_true (kasir_sales_history_window_print (window, pdf, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (pdf_page_width (pdf), 80.0 / 25.4 * 72.0, 0.5);
  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (50);

  /* A 58 mm roll: the reprint is 58 mm wide. */
  g_settings_set_string (gsettings, "receipt-width", "58mm");
  window = kasir_sales_history_window_new (NULL, context);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (kasir_sales_history_window_open (window, 0));
  g_assert_true (kasir_sales_history_window_print (window, pdf, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (pdf_page_width (pdf), 58.0 / 25.4 * 72.0, 0.5);
  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (50);

  g_settings_reset (gsettings, "receipt-width");
  g_clear_object (&db);
  store_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/Kasir/UiRefundPaper/paper-width", test_paper_width);

  return g_test_run ();
}
