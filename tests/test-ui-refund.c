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
#include "kasir-refund-repository.h"
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

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/Kasir/UiRefund/refund-with-approval", test_refund_with_approval);
  g_test_add_func ("/Kasir/UiRefund/void-last", test_void_last);

  return g_test_run ();
}
