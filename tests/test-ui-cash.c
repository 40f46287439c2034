/* test-ui-cash.c — the drawer's pay-in/pay-out dialog with real widgets under Xvfb and a
 * real SQLCipher database: a pay-in is recorded with its outbox row, a pay-out above the
 * shop's limit waits for a manager (a cashier's PIN does not do) and carries the
 * manager's id, one below it does not ask, bad input is refused at the form and writes
 * nothing, and without an open shift nothing can be recorded.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "kasir-cash-dialog.h"
#include "kasir-setting-keys.h"
#include "kasir-settings-repository.h"
#include "kasir-shift-dialog.h"
#include "kasir-shift-repository.h"
#include "kasir-ui-money.h"
#include "kasir-staff-repository.h"
#include "sync-test-util.h"
#include "store-test-util.h"
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
  GtkEditable *entry;

  g_assert_true (sync_test_wait_for (prompt_shown, NULL, 5));
  dialog = kasir_test_find_pin_prompt ();
  box = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));
  entry = GTK_EDITABLE (gtk_widget_get_first_child (box));
  gtk_editable_set_text (entry, pin);
  g_signal_emit_by_name (entry, "activate");
  kasir_test_settle (50);
}

typedef struct
{
  KasirDatabase *db;
  gint64         rows;
} RowsWait;

static gboolean
rows_reached (gpointer data)
{
  RowsWait *w = data;

  return store_test_query (w->db, "SELECT COUNT(*) FROM shift_cash") >= w->rows;
}

static void
on_recorded (KasirCashDialog *dialog,
             const char      *cash_id,
             guint           *n)
{
  (*n)++;
}

static KasirCashDialog *
new_dialog (KasirTillContext *context,
            guint            *recorded)
{
  KasirCashDialog *dialog = kasir_cash_dialog_new (NULL, context);

  g_signal_connect (dialog, "recorded", G_CALLBACK (on_recorded), recorded);
  gtk_window_present (GTK_WINDOW (dialog));
  kasir_test_settle (50);
  return dialog;
}

static void
test_cash (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-ui-cash-XXXXXX", &error);
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirStaff) cashier_staff = NULL;
  g_autoptr(KasirStaffRepository) staff = NULL;
  g_autoptr(KasirSettingsRepository) settings = NULL;
  g_autoptr(KasirShift) shift = NULL;
  KasirTillContext *context;
  KasirCashDialog *dialog;
  RowsWait wait;
  guint recorded = 0;
  gint64 manager, cashier;

  g_assert_no_error (error);
  db = sync_test_terminal_db (dir, "till.db", NULL);
  manager = kasir_test_add_staff (db, "Dewi", "manager", "4821");
  cashier = kasir_test_add_staff (db, "Budi", "cashier", "1357");
  staff = kasir_staff_repository_new (db);
  cashier_staff = kasir_staff_repository_get (staff, cashier, &error);
  g_assert_no_error (error);
  context = kasir_test_context (db, NULL, cashier_staff);
  settings = kasir_settings_repository_new (db);
  kasir_settings_repository_set_int64 (settings, KASIR_SETTING_PAYOUT_APPROVAL_ABOVE, 20000, &error);
  g_assert_no_error (error);

  /* No shift open: the dialog says so and records nothing. */
  dialog = new_dialog (context, &recorded);
  g_assert_nonnull (kasir_cash_dialog_get_message (dialog));
  kasir_cash_dialog_set_entry (dialog, KASIR_CASH_IN, KASIR_CASH_REASON_FLOAT, "50000", "");
  kasir_cash_dialog_submit (dialog);
  g_assert_cmpuint (recorded, ==, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));

  shift = kasir_shift_repository_open_shift (kasir_till_context_get_shift_repository (context),
                                             cashier, 100000, &error);
  g_assert_no_error (error);

  /* A pay-in: no manager needed. */
  dialog = new_dialog (context, &recorded);
  g_assert_null (kasir_cash_dialog_get_message (dialog));
  kasir_cash_dialog_set_entry (dialog, KASIR_CASH_IN, KASIR_CASH_REASON_FLOAT, "50000", "");
  kasir_cash_dialog_submit (dialog);
  g_assert_cmpuint (recorded, ==, 1);
  g_assert_cmpint (store_test_query (db, "SELECT COUNT(*) FROM outbox WHERE type = 'shift.cash'"), ==, 1);
  kasir_test_settle (50);

  /* Bad input: a message at the form, nothing written. */
  dialog = new_dialog (context, &recorded);
  kasir_cash_dialog_set_entry (dialog, KASIR_CASH_OUT, KASIR_CASH_REASON_PETTY_CASH, "lima ribu", "");
  kasir_cash_dialog_submit (dialog);
  g_assert_nonnull (kasir_cash_dialog_get_message (dialog));
  kasir_cash_dialog_set_entry (dialog, KASIR_CASH_OUT, KASIR_CASH_REASON_OTHER, "5000", "  ");
  kasir_cash_dialog_submit (dialog);
  g_assert_nonnull (kasir_cash_dialog_get_message (dialog));
  kasir_cash_dialog_set_entry (dialog, KASIR_CASH_IN, KASIR_CASH_REASON_FLOAT, "0", "");
  kasir_cash_dialog_submit (dialog);
  g_assert_nonnull (kasir_cash_dialog_get_message (dialog));
  g_assert_null (kasir_test_find_pin_prompt ());
  g_assert_cmpint (store_test_query (db, "SELECT COUNT(*) FROM shift_cash"), ==, 1);

  /* A pay-out above the limit asks a manager; the cashier's own PIN does not do. */
  kasir_cash_dialog_set_entry (dialog, KASIR_CASH_OUT, KASIR_CASH_REASON_PETTY_CASH, "25000", "galon");
  {
    g_autoptr(GdkTexture) shot = kasir_test_render (GTK_WIDGET (dialog), "cash-dialog.png");
  }
  kasir_cash_dialog_submit (dialog);
  type_pin ("1357");
  g_assert_true (sync_test_wait_for (prompt_shown, NULL, 10));
  g_assert_cmpuint (recorded, ==, 1);
  type_pin ("4821");
  wait.db = db;
  wait.rows = 2;
  g_assert_true (sync_test_wait_for (rows_reached, &wait, 10));
  g_assert_cmpuint (recorded, ==, 2);
  g_assert_cmpint (store_test_query (db, "SELECT approved_by FROM shift_cash WHERE direction = 'out'"),
                   ==, manager);
  kasir_test_settle (50);

  /* Below the limit: no prompt, nobody's approval recorded. */
  dialog = new_dialog (context, &recorded);
  kasir_cash_dialog_set_entry (dialog, KASIR_CASH_OUT, KASIR_CASH_REASON_OTHER, "2000", "parkir");
  kasir_cash_dialog_submit (dialog);
  g_assert_cmpuint (recorded, ==, 3);
  g_assert_null (kasir_test_find_pin_prompt ());
  g_assert_cmpint (store_test_query (db, "SELECT COUNT(*) FROM shift_cash WHERE approved_by = 0"), ==, 2);
  g_assert_cmpint (store_test_query (db, "SELECT COUNT(*) FROM outbox WHERE type = 'shift.cash'"), ==, 3);
  kasir_test_settle (50);

  g_clear_object (&db);
  sync_test_remove_tree (dir);
}

/* Closing a shift: the difference per method follows what is typed, and the Z report
 * carries counted, expected and over/short. */
static void
test_close_over_short (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-ui-cash-XXXXXX", &error);
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirStaff) cashier_staff = NULL;
  g_autoptr(KasirStaffRepository) staff = NULL;
  g_autoptr(KasirShift) shift = NULL;
  g_autoptr(KasirShiftCashRepository) cash = NULL;
  g_autofree char *cash_id = NULL;
  g_autofree char *z = NULL;
  g_autofree char *short_text = NULL;
  KasirTillContext *context;
  KasirShiftDialog *dialog;
  KasirMoney difference = 0;
  gint64 cashier;

  g_assert_no_error (error);
  db = sync_test_terminal_db (dir, "till.db", NULL);
  cashier = kasir_test_add_staff (db, "Budi", "cashier", "1357");
  staff = kasir_staff_repository_new (db);
  cashier_staff = kasir_staff_repository_get (staff, cashier, &error);
  g_assert_no_error (error);
  context = kasir_test_context (db, NULL, cashier_staff);
  shift = kasir_shift_repository_open_shift (kasir_till_context_get_shift_repository (context),
                                             cashier, 100000, &error);
  g_assert_no_error (error);
  cash = kasir_shift_cash_repository_new (db);
  cash_id = kasir_shift_cash_repository_record (cash, shift->id, cashier, 0, KASIR_CASH_OUT,
                                                KASIR_CASH_REASON_PETTY_CASH, "", 12500, &error);
  g_assert_no_error (error);

  dialog = kasir_shift_dialog_new (NULL, context);
  gtk_window_present (GTK_WINDOW (dialog));
  kasir_test_settle (50);
  /* Nothing typed yet: no difference. */
  g_assert_false (kasir_shift_dialog_get_over_short (dialog, KASIR_PAYMENT_CASH, &difference));
  /* 100,000 - 12,500 = 87,500 expected; 87,000 counted is 500 short. */
  kasir_shift_dialog_set_counted_text (dialog, KASIR_PAYMENT_CASH, "87000");
  g_assert_true (kasir_shift_dialog_get_over_short (dialog, KASIR_PAYMENT_CASH, &difference));
  g_assert_cmpint (difference, ==, -500);
  kasir_shift_dialog_set_counted_text (dialog, KASIR_PAYMENT_CASH, "87600");
  g_assert_true (kasir_shift_dialog_get_over_short (dialog, KASIR_PAYMENT_CASH, &difference));
  g_assert_cmpint (difference, ==, 100);
  kasir_shift_dialog_set_counted_text (dialog, KASIR_PAYMENT_CARD, "0");
  g_assert_true (kasir_shift_dialog_get_over_short (dialog, KASIR_PAYMENT_CARD, &difference));
  g_assert_cmpint (difference, ==, 0);
  {
    g_autoptr(GdkTexture) shot = kasir_test_render (GTK_WIDGET (dialog), "shift-close-over-short.png");
  }
  kasir_shift_dialog_set_counted_text (dialog, KASIR_PAYMENT_CASH, "87000");
  g_assert_true (kasir_shift_dialog_close_shift (dialog, &error));
  g_assert_no_error (error);
  z = kasir_shift_dialog_get_report_text (dialog);
  short_text = kasir_ui_money_format (-500, "IDR");
  g_assert_nonnull (strstr (z, "Counted"));
  g_assert_nonnull (strstr (z, "Difference: over (+) / short (−)"));
  g_assert_nonnull (strstr (strstr (z, "Difference: over (+) / short (−)"), short_text));
  gtk_window_destroy (GTK_WINDOW (dialog));
  kasir_test_settle (50);

  g_clear_object (&db);
  sync_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/Kasir/UiCash/pay-in-and-out", test_cash);
  g_test_add_func ("/Kasir/UiCash/close-over-short", test_close_over_short);

  return g_test_run ();
}
