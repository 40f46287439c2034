/* test-ui-receipt.c — the receipt of a sale made at the till: printed to PDF, and its
 * header and barcode.
 *
 * Every case opens a real encrypted database in a temporary directory and a real window on
 * the (virtual) display (kasir-test-selling.c).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <sodium.h>

#include "kasir-window.h"
#include "kasir-selling-view.h"
#include "kasir-cart-view.h"
#include "kasir-catalog-model.h"
#include "kasir-product-tile.h"
#include "kasir-checkout-dialog.h"
#include "kasir-receipt-view.h"
#include "kasir-receipt-printer.h"
#include "kasir-catalog-repository.h"
#include "kasir-cart-repository.h"
#include "kasir-sales-repository.h"
#include "kasir-outbox-repository.h"
#include "kasir-sync-state-repository.h"
#include "kasir-sync-service.h"
#include "kasir-ui-money.h"
#include "kasir-selling-keys.h"
#include "kasir-shortcuts.h"
#include "kasir-pin-dialog.h"
#include "kasir-receipt-barcode.h"
#include "kasir-settings-repository.h"
#include "kasir-setting-keys.h"
#include "kasir-shift-dialog.h"
#include "kasir-shift-repository.h"
#include "kasir-staff-repository.h"
#include "ui-test-util.h"

#include "kasir-test-selling.h"

static gboolean
contains_bytes (const char *haystack,
                gsize       len,
                const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (haystack + i, needle, n) == 0)
      return TRUE;

  return FALSE;
}

static void
test_receipt_pdf (Fixture       *f,
                  gconstpointer  data)
{
  static const KasirReceiptWidth widths[] = {
    KASIR_RECEIPT_WIDTH_58MM, KASIR_RECEIPT_WIDTH_80MM, KASIR_RECEIPT_WIDTH_A4,
  };
  g_autoptr(GError) error = NULL;
  KasirWindow *window = make_window (f, NULL);
  KasirSellingView *view = kasir_window_get_selling_view (window);
  KasirCheckoutDialog *dialog;
  const KasirSale *sale;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");

  g_assert_true (kasir_selling_view_add_code (view, "TEH-002", &error));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "sell.pay", NULL));
  dialog = kasir_selling_view_get_checkout_dialog (view);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "checkout.quick-cash", "x", (gint64) 0));
  g_assert_true (kasir_checkout_dialog_commit (dialog, &error));
  g_assert_no_error (error);
  sale = kasir_checkout_dialog_get_sale (dialog);
  g_assert_cmpint (sale->change, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      KasirReceiptOptions options = { "Toko Maju\nJl. Merdeka 1", "Terima kasih", FALSE };
      g_autoptr(KasirReceiptPrinter) printer = kasir_receipt_printer_new (sale, &options, widths[i]);
      g_autofree char *name = g_strdup_printf ("receipt-%u.pdf", i);
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_autofree char *contents = NULL;
      g_autofree char *text = kasir_receipt_build_text (sale, &options, kasir_receipt_width_columns (widths[i]));
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
      gsize len = 0;

      /* Every line fits the paper's character width. */
      for (guint j = 0; lines[j] != NULL; j++)
        g_assert_cmpint (g_utf8_strlen (lines[j], -1), <=, kasir_receipt_width_columns (widths[i]));
      g_assert_nonnull (strstr (text, sale->receipt_no));

      g_assert_true (kasir_receipt_printer_export_pdf (printer, path, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (kasir_receipt_printer_get_n_pages (printer), >=, 1);
      g_assert_true (g_file_get_contents (path, &contents, &len, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (len, >, 1000);
      g_assert_true (g_str_has_prefix (contents, "%PDF"));
      g_assert_true (contains_bytes (contents, len, "%%EOF"));

      if (pdftotext != NULL)
        {
          g_autofree char *out = NULL;
          int status = 0;
          const char *argv[] = { pdftotext, path, "-", NULL };

          g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                       &out, NULL, &status, &error));
          g_assert_no_error (error);
          g_assert_nonnull (strstr (out, sale->receipt_no));
        }
    }

  /* The receipt view lays out the same sale for the configured paper. */
  {
    g_autoptr(KasirReceiptPrinter) printer =
      kasir_receipt_view_create_printer (kasir_checkout_dialog_get_receipt_view (dialog));
    g_autofree char *path = g_build_filename (f->dir, "from-view.pdf", NULL);

    g_assert_nonnull (printer);
    g_assert_true (kasir_receipt_printer_export_pdf (printer, path, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  }

  destroy_window (window);
}

/* Reads Interleaved 2 of 5 back from its modules, independently of the encoder: runs of
 * one module are narrow, of three wide; the wide positions of a digit weigh 1, 2, 4, 7, 0
 * and 11 stands for 0. */
static char *
decode_itf (const char *modules)
{
  static const guint weights[5] = { 1, 2, 4, 7, 0 };
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (guint));
  GString *digits = g_string_new (NULL);

  for (const char *p = modules; *p != '\0';)
    {
      guint n = 0;
      char c = *p;

      while (*p == c)
        p++, n++;
      g_assert_true (n == 1 || n == 3);
      g_array_append_val (runs, n);
    }
  /* Start (4 narrow), pairs of 10 elements, stop (wide, narrow, narrow). */
  g_assert_cmpuint ((runs->len - 7) % 10, ==, 0);
  for (guint i = 4; i + 3 < runs->len; i += 10)
    for (guint which = 0; which < 2; which++)
      {
        guint sum = 0;

        for (guint e = 0; e < 5; e++)
          if (g_array_index (runs, guint, i + 2 * e + which) == 3)
            sum += weights[e];
        g_string_append_c (digits, sum == 11 ? '0' : (char) ('0' + sum));
      }

  return g_string_free (digits, FALSE);
}

static void
test_receipt_header (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirSettingsRepository) shop = kasir_settings_repository_new (f->db);
  g_autoptr(KasirStaffRepository) staff_repo = kasir_staff_repository_new (f->db);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *hash = kasir_pin_hash ("2468", NULL);
  KasirStaff cashier = { 0, 1, (char *) "Sari Dewi", (char *) "cashier", NULL, TRUE };
  KasirWindow *window;
  KasirSellingView *view;
  KasirCheckoutDialog *dialog;
  const char *text;

  g_assert_true (kasir_settings_repository_set_string (shop, KASIR_SETTING_SHOP_NAME, "Toko Maju", &error));
  g_assert_true (kasir_settings_repository_set_string (shop, KASIR_SETTING_OUTLET_NAME, "Cabang Merdeka", &error));
  g_assert_true (kasir_settings_repository_set_string (shop, KASIR_SETTING_SHOP_ADDRESS, "Jl. Merdeka 1, Bandung", &error));
  g_assert_true (kasir_settings_repository_set_string (shop, KASIR_SETTING_SHOP_TAX_NUMBER, "01.234.567.8-901.000", &error));
  g_assert_true (kasir_settings_repository_set_string (shop, KASIR_SETTING_RECEIPT_FOOTER, "Terima kasih", &error));
  g_assert_no_error (error);
  cashier.id = kasir_staff_repository_add_local (staff_repo, cashier.name, "cashier", hash, &error);
  g_assert_no_error (error);
  g_settings_set_string (settings, "terminal-name", "Till 2");

  window = make_window (f, NULL);
  view = kasir_window_get_selling_view (window);
  kasir_till_context_set_staff (kasir_window_get_context (window), &cashier);
  g_assert_true (kasir_selling_view_add_code (view, "KOPI-001", &error));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "sell.pay", NULL));
  dialog = kasir_selling_view_get_checkout_dialog (view);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "checkout.quick-cash", "x", (gint64) 0));
  g_assert_true (kasir_checkout_dialog_commit (dialog, &error));
  g_assert_no_error (error);

  /* By default the receipt names the shop, outlet, address, tax number, cashier, till
   * and receipt number, and ends with the shop's footer. */
  text = kasir_receipt_view_get_text (kasir_checkout_dialog_get_receipt_view (dialog));
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "Toko Maju"));
  g_assert_nonnull (strstr (text, "Cabang Merdeka"));
  g_assert_nonnull (strstr (text, "Jl. Merdeka 1"));
  g_assert_nonnull (strstr (text, "01.234.567.8-901.000"));
  g_assert_nonnull (strstr (text, "Sari Dewi"));
  g_assert_nonnull (strstr (text, "Till 2"));
  g_assert_nonnull (strstr (text, "7-000001"));
  g_assert_nonnull (strstr (text, "Terima kasih"));
  if (g_getenv ("KASIR_SCREENSHOT_DIR") != NULL)
    {
      kasir_test_settle (600);
      g_object_unref (kasir_test_render (GTK_WIDGET (dialog), "receipt-header.png"));
    }

  /* Its number as a barcode that reads back to it. */
  {
    g_autofree char *digits = kasir_receipt_barcode_digits ("7-000001");
    g_autofree char *modules = kasir_receipt_barcode_modules (digits);
    g_autofree char *decoded = decode_itf (modules);
    g_autofree char *back = kasir_receipt_barcode_receipt_no (decoded);
    g_autofree char *odd = kasir_receipt_barcode_digits ("12-0000005");
    g_autofree char *odd_back = kasir_receipt_barcode_receipt_no (odd);

    g_assert_cmpstr (digits, ==, "17000001");
    g_assert_cmpstr (decoded, ==, digits);
    g_assert_cmpstr (back, ==, "7-000001");
    g_assert_cmpstr (odd_back, ==, "12-0000005");
    g_assert_null (kasir_receipt_barcode_digits ("A-1"));
    g_assert_null (kasir_receipt_barcode_modules ("123"));
  }

  /* The printer chosen is kept for the next receipt on this till. */
  {
    g_autoptr(GtkPrintSettings) chosen = gtk_print_settings_new ();
    g_autoptr(GtkPrintSettings) again = NULL;

    gtk_print_settings_set_printer (chosen, "Print to File");
    gtk_print_settings_set (chosen, GTK_PRINT_SETTINGS_OUTPUT_FILE_FORMAT, "pdf");
    g_assert_true (kasir_receipt_printer_save_settings (chosen, &error));
    g_assert_no_error (error);
    again = kasir_receipt_printer_load_settings ();
    g_assert_nonnull (again);
    g_assert_cmpstr (gtk_print_settings_get_printer (again), ==, "Print to File");
  }

  kasir_till_context_set_staff (kasir_window_get_context (window), NULL);
  g_settings_reset (settings, "terminal-name");
  destroy_window (window);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/Kasir/UISelling/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("receipt-pdf", test_receipt_pdf);
  ADD ("receipt-header", test_receipt_header);

#undef ADD

  return g_test_run ();
}
