/* test-ui-refund-split.c — the one-rupiah edge of a split refund, on the real refund
 * dialog and a real SQLCipher database: a line of Rp 2.999 for three is given back in
 * parts; the last part of a line gives back what is left of its total (Rp 2.000 for the
 * last two after Rp 999), and the dialog asks for a split of exactly that, so a split
 * typed against what the dialog shows is taken, and the parts add up to the line.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "kasir-database-private.h"
#include "kasir-refund-dialog.h"
#include "kasir-refund-repository.h"
#include "kasir-sales-repository.h"
#include "kasir-setting-keys.h"
#include "kasir-settings-repository.h"
#include "kasir-staff-repository.h"
#include "store-test-util.h"
#include "sync-test-util.h"
#include "ui-test-util.h"

/* One line: three for Rp 2.999 (a rupiah off), paid by card. */
static KasirSale *
odd_sale (void)
{
  KasirSale *sale = kasir_sale_new ();
  KasirSaleLine *line = kasir_sale_line_new ();

  g_strlcpy (sale->currency, "IDR", sizeof sale->currency);
  sale->tax_inclusive = TRUE;
  line->product_id = 1;
  line->name = g_strdup ("Kopi Susu");
  line->qty = 3;
  line->unit_price = 1000;
  line->price_version = 1;
  line->tax_rate_bp = 1100;
  line->discount = 1;
  line->total = 2999;
  g_assert_true (kasir_tax_included (line->total, line->tax_rate_bp, &line->tax));
  sale->subtotal = sale->total = line->total;
  sale->tax = line->tax;
  g_ptr_array_add (sale->lines, line);
  g_ptr_array_add (sale->payments, kasir_payment_new (KASIR_PAYMENT_CARD, sale->total));
  return sale;
}

static gboolean
refund_written (gpointer data)
{
  return store_test_query (data, "SELECT COUNT(*) FROM refunds") == 2;
}

static void
test_last_part_split (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-ui-refund-split-XXXXXX", &error);
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirSalesRepository) sales = NULL;
  g_autoptr(KasirRefundRepository) refunds = NULL;
  g_autoptr(KasirSale) sale = odd_sale ();
  g_autoptr(KasirStaffRepository) staff_repo = NULL;
  g_autoptr(KasirStaff) cashier = NULL;
  g_autoptr(KasirSettingsRepository) settings = NULL;
  g_autoptr(KasirRefund) first = NULL;
  KasirRefundPick one = { 1, 1, FALSE };
  KasirRefundPick two = { 1, 2, FALSE };
  KasirTillContext *context;
  KasirRefundDialog *dialog;
  KasirMoney preview = 0;

  g_assert_no_error (error);
  db = sync_test_terminal_db (dir, "till.db", NULL);
  staff_repo = kasir_staff_repository_new (db);
  cashier = kasir_staff_repository_get (staff_repo, kasir_test_add_staff (db, "Budi", "cashier", "1357"), &error);
  g_assert_no_error (error);
  sales = kasir_sales_repository_new (db);
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);
  settings = kasir_settings_repository_new (db);
  g_assert_true (kasir_settings_repository_set_int64 (settings, KASIR_SETTING_REFUND_APPROVAL_ABOVE, 1000000, &error));
  context = kasir_test_context (db, NULL, cashier);

  /* One of three first: a third of the total, rounded down. */
  refunds = kasir_refund_repository_new (db);
  first = kasir_refund_repository_commit (refunds, sale, &one, 1, NULL, "", cashier->id, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->total, ==, 999);

  /* The other two are the last of the line: what is left, Rp 2.000, not two thirds of
   * the total (Rp 1.999). The preview says the same as the commit will. */
  g_assert_true (kasir_refund_repository_preview_total (refunds, sale, &two, 1, &preview, &error));
  g_assert_no_error (error);
  g_assert_cmpint (preview, ==, 2000);

  /* Split against that in the dialog: Rp 1.500 by card and Rp 500 in cash is taken. */
  dialog = kasir_refund_dialog_new (NULL, context, sale);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  kasir_refund_dialog_set_quantity (dialog, 1, 2, FALSE);
  kasir_refund_dialog_set_method_amount (dialog, KASIR_PAYMENT_CARD, "1500");
  kasir_refund_dialog_set_method_amount (dialog, KASIR_PAYMENT_CASH, "500");
  kasir_refund_dialog_confirm (dialog);
  if (dialog != NULL)
    g_assert_null (kasir_refund_dialog_get_problem (dialog));
  g_assert_true (sync_test_wait_for (refund_written, db, 5));
  g_assert_cmpint (store_test_query (db, "SELECT SUM(total) FROM refunds"), ==, 2999);
  g_assert_cmpint (store_test_query (db, "SELECT SUM(amount) FROM refund_lines"), ==, 2999);
  g_assert_cmpint (store_test_query (db, "SELECT amount FROM refund_payments WHERE method = 'cash'"), ==, 500);
  if (dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
  kasir_test_settle (50);

  g_clear_object (&db);
  store_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/Kasir/UiRefundSplit/last-part-split", test_last_part_split);

  return g_test_run ();
}
