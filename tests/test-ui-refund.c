/* test-ui-refund.c — the refund dialog on real widgets and a real SQLCipher database: a
 * refund above the limit asks a manager (a cashier's PIN is refused), records the
 * approving manager on the sale.refund mutation, and a line given back can no longer be
 * given back again.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "kasir-database-private.h"
#include "kasir-pin.h"
#include "kasir-pin-dialog.h"
#include "kasir-protocol.h"
#include "kasir-refund-dialog.h"
#include "kasir-refund-receipt.h"
#include "kasir-refund-repository.h"
#include "kasir-ui-money.h"
#include "kasir-sales-repository.h"
#include "kasir-setting-keys.h"
#include "kasir-settings-repository.h"
#include "kasir-staff-repository.h"
#include "kasir-void-sale.h"
#include "kasir-input-error.h"
#include "store-test-util.h"
#include "sync-test-util.h"
#include "ui-test-util.h"

static gboolean
prompt_shown (gpointer data)
{
  return kasir_test_find_pin_prompt () != NULL;
}

static void
type_pin (const char *pin)
{
  KasirPinDialog *dialog;
  GtkWidget *box;

  g_assert_true (sync_test_wait_for (prompt_shown, NULL, 5));
  dialog = kasir_test_find_pin_prompt ();
  box = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_first_child (box)), pin);
  g_signal_emit_by_name (gtk_widget_get_first_child (box), "activate");
  kasir_test_settle (50);
}

static void
on_refunded (KasirRefundDialog *dialog,
             KasirRefund       *refund,
             gint64            *approved_by)
{
  *approved_by = refund->approved_by;
}

static gboolean
refunded (gpointer data)
{
  return *(gint64 *) data >= 0;
}

static void
test_refund_with_approval (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-ui-refund-XXXXXX", &error);
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirSalesRepository) sales = NULL;
  g_autoptr(KasirSale) sale = store_test_sale (3, 1);
  g_autoptr(KasirStaffRepository) staff_repo = NULL;
  g_autoptr(KasirStaff) cashier_staff = NULL;
  g_autoptr(KasirSettingsRepository) settings = NULL;
  KasirTillContext *context;
  KasirRefundDialog *dialog;
  gint64 approved_by = -1;
  gint64 manager;

  g_assert_no_error (error);
  db = sync_test_terminal_db (dir, "till.db", NULL);
  manager = kasir_test_add_staff (db, "Dewi", "manager", "4821");
  staff_repo = kasir_staff_repository_new (db);
  cashier_staff = kasir_staff_repository_get (staff_repo, kasir_test_add_staff (db, "Budi", "cashier", "1357"), &error);
  g_assert_no_error (error);
  sales = kasir_sales_repository_new (db);
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);
  context = kasir_test_context (db, NULL, cashier_staff);
  /* Refunds above Rp 5,000 need a manager. */
  settings = kasir_settings_repository_new (db);
  g_assert_true (kasir_settings_repository_set_int64 (settings, KASIR_SETTING_REFUND_APPROVAL_ABOVE,
                                                      5000, &error));

  /* Nothing picked: said at the dialog, nothing written. */
  dialog = kasir_refund_dialog_new (NULL, context, sale);
  g_signal_connect (dialog, "refunded", G_CALLBACK (on_refunded), &approved_by);
  gtk_window_present (GTK_WINDOW (dialog));
  kasir_refund_dialog_confirm (dialog);
  g_assert_nonnull (kasir_refund_dialog_get_problem (dialog));
  g_assert_cmpint (store_test_query (db, "SELECT COUNT(*) FROM refunds"), ==, 0);

  /* One of line 3 (Rp 3,500) needs nobody. */
  kasir_refund_dialog_set_quantity (dialog, 3, 1, FALSE);
  kasir_refund_dialog_confirm (dialog);
  g_assert_true (sync_test_wait_for (refunded, &approved_by, 5));
  g_assert_cmpint (approved_by, ==, 0);
  g_assert_null (kasir_test_find_pin_prompt ());

  /* Two more of line 3 (Rp 7,000) and one of line 2: a manager, not a cashier. */
  approved_by = -1;
  dialog = kasir_refund_dialog_new (NULL, context, sale);
  g_signal_connect (dialog, "refunded", G_CALLBACK (on_refunded), &approved_by);
  gtk_window_present (GTK_WINDOW (dialog));
  kasir_refund_dialog_set_quantity (dialog, 3, 2, TRUE);
  kasir_refund_dialog_set_quantity (dialog, 2, 1, FALSE);
  {
    g_autoptr(GdkTexture) shot = kasir_test_render (GTK_WIDGET (dialog), "refund.png");
  }
  kasir_refund_dialog_confirm (dialog);
  type_pin ("1357");
  g_assert_true (sync_test_wait_for (prompt_shown, NULL, 10));
  g_assert_cmpint (approved_by, ==, -1);
  type_pin ("4821");
  g_assert_true (sync_test_wait_for (refunded, &approved_by, 10));
  g_assert_cmpint (approved_by, ==, manager);
  g_assert_cmpint (store_test_query (db, "SELECT COUNT(*) FROM outbox WHERE type = 'sale.refund'"), ==, 2);
  g_assert_cmpint (store_test_query (db, "SELECT SUM(total) FROM refunds"), ==, 3500 + 7000 + 2500);
  g_assert_cmpint (store_test_query (db, "SELECT COUNT(*) FROM refund_lines WHERE write_off = 1"), ==, 1);
  /* The approving manager travels on the mutation. */
  g_assert_cmpint (store_test_query (db, "SELECT COUNT(*) FROM outbox WHERE type = 'sale.refund' "
                                         "AND instr (payload, '\"approved_by\"') > 0"), ==, 1);

  /* Line 3 is all given back: asking for more of it is refused at the dialog. */
  approved_by = -1;
  dialog = kasir_refund_dialog_new (NULL, context, sale);
  gtk_window_present (GTK_WINDOW (dialog));
  kasir_refund_dialog_set_quantity (dialog, 3, 1, FALSE);
  kasir_refund_dialog_confirm (dialog);
  g_assert_nonnull (kasir_refund_dialog_get_problem (dialog));
  g_assert_cmpint (store_test_query (db, "SELECT COUNT(*) FROM refunds"), ==, 2);
  gtk_window_destroy (GTK_WINDOW (dialog));
  kasir_test_settle (50);

  g_clear_object (&db);
  sync_test_remove_tree (dir);
}

typedef struct
{
  gboolean     done;
  KasirRefund *refund;
  GError      *error;
} VoidWait;

static void
on_voided (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  VoidWait *w = user_data;

  w->refund = kasir_void_last_sale_finish (result, &w->error);
  w->done = TRUE;
}

static gboolean
void_done (gpointer data)
{
  return ((VoidWait *) data)->done;
}

/* Voiding the last sale: a manager approves, everything left is given back with the
 * reason "void"; again is refused, and so is a sale outside the window. */
static void
test_void_last (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-ui-refund-XXXXXX", &error);
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirSalesRepository) sales = NULL;
  g_autoptr(KasirSale) sale = store_test_sale (2, 2);
  g_autoptr(KasirSettingsRepository) settings = NULL;
  KasirTillContext *context;
  VoidWait w = { 0 };
  gint64 manager;

  g_assert_no_error (error);
  db = sync_test_terminal_db (dir, "till.db", NULL);
  manager = kasir_test_add_staff (db, "Dewi", "manager", "4821");
  sales = kasir_sales_repository_new (db);
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);
  {
    g_autoptr(KasirStaffRepository) repo = kasir_staff_repository_new (db);
    gint64 cashier_id = kasir_test_add_staff (db, "Budi", "cashier", "1357");
    g_autoptr(KasirStaff) cashier = kasir_staff_repository_get (repo, cashier_id, &error);

    g_assert_no_error (error);
    context = kasir_test_context (db, NULL, cashier);
  }

  kasir_void_last_sale_async (context, NULL, NULL, on_voided, &w);
  type_pin ("4821");
  g_assert_true (sync_test_wait_for (void_done, &w, 10));
  g_assert_no_error (w.error);
  g_assert_cmpstr (w.refund->reason, ==, "void");
  g_assert_cmpint (w.refund->approved_by, ==, manager);
  g_assert_cmpint (w.refund->total, ==, sale->total);
  g_clear_pointer (&w.refund, kasir_refund_free);

  /* Nothing is left to give back. */
  memset (&w, 0, sizeof w);
  kasir_void_last_sale_async (context, NULL, NULL, on_voided, &w);
  g_assert_true (sync_test_wait_for (void_done, &w, 10));
  g_assert_error (w.error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_assert_null (kasir_test_find_pin_prompt ());
  g_clear_error (&w.error);

  /* A new sale, but the window is 0 minutes: too old already. */
  {
    g_autoptr(KasirSale) next = store_test_sale (1, 1);

    g_assert_true (kasir_sales_repository_commit_sale (sales, next, &error));
    settings = kasir_settings_repository_new (db);
    g_assert_true (kasir_settings_repository_set_int64 (settings, KASIR_SETTING_VOID_WINDOW_MINUTES,
                                                        0, &error));
    g_usleep (1100 * 1000);
    memset (&w, 0, sizeof w);
    kasir_void_last_sale_async (context, NULL, NULL, on_voided, &w);
    g_assert_true (sync_test_wait_for (void_done, &w, 10));
    g_assert_error (w.error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
    g_assert_nonnull (strstr (w.error->message, "refund instead"));
    g_clear_error (&w.error);
  }
  g_assert_cmpint (store_test_query (db, "SELECT COUNT(*) FROM refunds"), ==, 1);

  g_clear_object (&db);
  sync_test_remove_tree (dir);
}

typedef struct
{
  const KasirSale *sale;
  char            *text;     /* the refund receipt, built while the refund is valid */
  char            *pdf;      /* where to print it */
  gboolean         printed;
} ReceiptWait;

static void
on_refunded_print (KasirRefundDialog *dialog,
                   KasirRefund       *refund,
                   ReceiptWait       *w)
{
  KasirReceiptOptions options = { NULL, NULL, FALSE, "Budi", NULL };
  g_autoptr(KasirReceiptPrinter) printer = NULL;
  g_autoptr(GError) error = NULL;

  w->text = kasir_refund_receipt_build_text (w->sale, refund, &options, 42);
  printer = kasir_refund_receipt_new_printer (w->sale, refund, &options, KASIR_RECEIPT_WIDTH_58MM);
  w->printed = kasir_receipt_printer_export_pdf (printer, w->pdf, &error);
  g_assert_no_error (error);
}

static gboolean
receipt_ready (gpointer data)
{
  return ((ReceiptWait *) data)->text != NULL;
}

/* The money goes back split as typed, only when the split adds up; the refund receipt
 * says REFUND / RETUR, lists the lines and the methods, and prints the way a sale's
 * receipt does. */
static void
test_split_and_receipt (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-ui-refund-XXXXXX", &error);
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirSalesRepository) sales = NULL;
  g_autoptr(KasirSale) sale = store_test_sale (2, 2);
  g_autoptr(KasirStaffRepository) staff_repo = NULL;
  g_autoptr(KasirStaff) cashier_staff = NULL;
  g_autoptr(KasirSettingsRepository) settings = NULL;
  g_autofree char *card = NULL;
  g_autofree char *cash = NULL;
  KasirTillContext *context;
  KasirRefundDialog *dialog;
  ReceiptWait w = { 0 };

  g_assert_no_error (error);
  db = sync_test_terminal_db (dir, "till.db", NULL);
  staff_repo = kasir_staff_repository_new (db);
  cashier_staff = kasir_staff_repository_get (staff_repo, kasir_test_add_staff (db, "Budi", "cashier", "1357"), &error);
  g_assert_no_error (error);
  sales = kasir_sales_repository_new (db);
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);
  context = kasir_test_context (db, NULL, cashier_staff);
  settings = kasir_settings_repository_new (db);
  g_assert_true (kasir_settings_repository_set_int64 (settings, KASIR_SETTING_REFUND_APPROVAL_ABOVE,
                                                      1000000, &error));
  w.sale = sale;
  w.pdf = g_build_filename (dir, "refund.pdf", NULL);

  /* Both of line 2 (Rp 5,000): a split of 4,000 does not add up, nothing written. */
  dialog = kasir_refund_dialog_new (NULL, context, sale);
  g_signal_connect (dialog, "refunded", G_CALLBACK (on_refunded_print), &w);
  gtk_window_present (GTK_WINDOW (dialog));
  kasir_refund_dialog_set_quantity (dialog, 2, 2, FALSE);
  kasir_refund_dialog_set_method_amount (dialog, KASIR_PAYMENT_CARD, "3000");
  kasir_refund_dialog_set_method_amount (dialog, KASIR_PAYMENT_CASH, "1000");
  kasir_refund_dialog_confirm (dialog);
  g_assert_nonnull (kasir_refund_dialog_get_problem (dialog));
  g_assert_cmpint (store_test_query (db, "SELECT COUNT(*) FROM refunds"), ==, 0);
  kasir_refund_dialog_set_method_amount (dialog, KASIR_PAYMENT_CASH, "abc");
  kasir_refund_dialog_confirm (dialog);
  g_assert_nonnull (kasir_refund_dialog_get_problem (dialog));
  g_assert_cmpint (store_test_query (db, "SELECT COUNT(*) FROM refunds"), ==, 0);

  /* 3,000 by card and 2,000 in cash. */
  kasir_refund_dialog_set_method_amount (dialog, KASIR_PAYMENT_CASH, "2000");
  kasir_refund_dialog_confirm (dialog);
  g_assert_true (sync_test_wait_for (receipt_ready, &w, 5));
  g_assert_cmpint (store_test_query (db, "SELECT total FROM refunds"), ==, 5000);
  g_assert_cmpint (store_test_query (db, "SELECT amount FROM refund_payments WHERE method = 'card'"), ==, 3000);
  g_assert_cmpint (store_test_query (db, "SELECT amount FROM refund_payments WHERE method = 'cash'"), ==, 2000);
  g_assert_cmpint (store_test_query (db, "SELECT COUNT(*) FROM outbox WHERE type = 'sale.refund' "
                                         "AND instr (payload, '\"method\":\"card\"') > 0"), ==, 1);

  g_assert_nonnull (strstr (w.text, "REFUND / RETUR"));
  g_assert_nonnull (strstr (w.text, sale->receipt_no));
  g_assert_nonnull (strstr (w.text, ((KasirSaleLine *) sale->lines->pdata[1])->name));
  card = kasir_ui_money_format (3000, "IDR");
  cash = kasir_ui_money_format (2000, "IDR");
  g_assert_nonnull (strstr (w.text, card));
  g_assert_nonnull (strstr (w.text, cash));
  g_assert_true (w.printed);
  g_assert_true (g_file_test (w.pdf, G_FILE_TEST_IS_REGULAR));

  g_free (w.text);
  g_free (w.pdf);
  g_clear_object (&db);
  sync_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/Kasir/UiRefund/refund-with-approval", test_refund_with_approval);
  g_test_add_func ("/Kasir/UiRefund/void-last", test_void_last);
  g_test_add_func ("/Kasir/UiRefund/split-and-receipt", test_split_and_receipt);

  return g_test_run ();
}
