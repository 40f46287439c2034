/* test-ui-ops.c — the till's operational side: connection badge and offline banner,
 * shifts, PIN lockout and removing a terminal's data. Starting up and first-run set-up
 * are in test-ui-startup.c.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "kasir-application.h"
#include "kasir-connection-badge.h"
#include "kasir-ui-format.h"
#include "kasir-lock-screen.h"
#include "kasir-outbox-repository.h"
#include "kasir-pin.h"
#include "kasir-preferences-window.h"
#include "kasir-sales-repository.h"
#include "kasir-shift-dialog.h"
#include "kasir-shift-report.h"
#include "kasir-shift-report-repository.h"
#include "kasir-setup-window.h"
#include "kasir-setup-connect.h"
#include "kasir-shift-repository.h"
#include "kasir-staff-repository.h"
#include "kasir-sync-notifier.h"
#include "kasir-terminal-data-repository.h"
#include "kasir-test-network-monitor.h"
#include "kasir-till-session.h"
#include "kasir-window.h"
#include "pin-test-util.h"
#include "sync-test-util.h"
#include "ui-test-util.h"

#include "kasir-test-ops.h"

/* ---- Badge and banner ---- */

typedef struct
{
  KasirConnectionBadge *badge;
  const char           *text;
} BadgeWait;

static gboolean
badge_says (gpointer data)
{
  BadgeWait *w = data;

  return g_strcmp0 (kasir_connection_badge_get_text (w->badge), w->text) == 0;
}

static void
assert_badge_within (KasirConnectionBadge *badge,
                     const char           *text,
                     double                seconds)
{
  BadgeWait w = { badge, text };

  if (!sync_test_wait_for (badge_says, &w, seconds))
    g_error ("badge says “%s”, expected “%s”", kasir_connection_badge_get_text (badge), text);
}

static gboolean
pending_is_positive (gpointer data)
{
  return kasir_connection_badge_get_pending (data) > 0;
}

static void
on_toast (KasirSyncNotifier *notifier,
          const char        *text,
          GPtrArray         *toasts)
{
  g_ptr_array_add (toasts, g_strdup (text));
}

static gboolean
has_back_online_toast (gpointer data)
{
  GPtrArray *toasts = data;

  for (guint i = 0; i < toasts->len; i++)
    if (g_str_has_prefix (toasts->pdata[i], "Back online"))
      return TRUE;

  return FALSE;
}

static void
test_badge_and_banner (void)
{
  g_autofree char *dir = make_dir ();
  SyncTestServer *server = sync_test_server_new ();
  g_autoptr(KasirTestNetworkMonitor) monitor = kasir_test_network_monitor_new (TRUE);
  g_autoptr(KasirDatabase) db = sync_test_terminal_db (dir, "till.db", NULL);
  g_autoptr(KasirSyncService) service = NULL;
  g_autoptr(KasirSyncNotifier) notifier = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) toasts = g_ptr_array_new_with_free_func (g_free);
  KasirConnectionBadge *badge;
  KasirWindow *window;

  sync_test_server_start (server, 0);

  service = kasir_sync_service_new (db, G_NETWORK_MONITOR (monitor), &error);
  g_assert_no_error (error);
  g_object_set (service, "heartbeat-interval", 1, "sync-interval", 2, "request-timeout", 3, NULL);

  window = kasir_window_new (get_application (), NULL);
  /* The badge sits at the start of the header bar and follows the window's service. */
  kasir_window_set_sync_service (window, service);
  badge = kasir_window_get_connection_badge (window);
  g_assert_true (kasir_connection_badge_get_service (badge) == service);
  notifier = kasir_sync_notifier_new (window, service);
  g_signal_connect (notifier, "toast-shown", G_CALLBACK (on_toast), toasts);
  gtk_window_present (GTK_WINDOW (window));

  /* Not enrolled: the terminal works on its own, and no banner nags about it. */
  g_assert_cmpstr (kasir_connection_badge_get_text (badge), ==, "Standalone");
  g_assert_false (kasir_window_get_offline (window));

  sync_test_enroll (service, server, server->url, 1);
  g_assert_true (sync_test_wait_drained (service, 60));
  assert_badge_within (badge, "Online", 5);
  g_assert_false (kasir_window_get_offline (window));
  g_assert_cmpint (kasir_connection_badge_get_pending (badge), ==, 0);
  /* Starting up is not coming back. */
  g_assert_false (has_back_online_toast (toasts));
  /* The popover's last sync is in the till's one local time format (kasir-ui-format.c),
   * like every other time on screen. */
  {
    GObject *label = gtk_widget_get_template_child (GTK_WIDGET (badge), KASIR_TYPE_CONNECTION_BADGE,
                                                    "last_sync_label");
    g_autoptr(GDateTime) last = g_date_time_ref (kasir_sync_service_get_last_sync_time (service));
    g_autofree char *iso = g_date_time_format_iso8601 (last);
    g_autofree char *local = kasir_ui_format_time (iso);

    g_assert_nonnull (label);
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, local);
    g_assert_cmpuint (strlen (local), ==, strlen ("2026-11-22 08:15"));
  }

  /* The network goes: badge and banner say so at once, and sales queue up. */
  kasir_test_network_monitor_set_available (monitor, FALSE);
  assert_badge_within (badge, "Offline", 2);
  g_assert_true (kasir_window_get_offline (window));
  g_assert_cmpstr (kasir_connection_badge_get_icon_name (badge), ==, "network-offline-symbolic");
  sync_test_make_sale (db, rand);
  sync_test_make_sale (db, rand);
  sync_test_make_sale (db, rand);
  kasir_sync_service_outbox_changed (service);
  g_assert_true (sync_test_wait_for (pending_is_positive, badge, 10));
  g_assert_cmpint (kasir_connection_badge_get_pending (badge), ==, 3);
  g_assert_false (kasir_sync_notifier_get_warning (notifier));

  spin (0.5);
  save_screenshot (GTK_WIDGET (window), "ui-ops-offline.png");

  /* Past the configured hours the banner turns into a warning that says how long and
   * how much is waiting; a smaller setting stands in for a day of waiting. */
  kasir_sync_notifier_set_warning_hours (notifier, 0);
  g_assert_true (kasir_sync_notifier_get_warning (notifier));
  {
    GtkWidget *banner = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                   KASIR_TYPE_WINDOW,
                                                                   "offline_banner"));
    GtkWidget *banner_box = gtk_revealer_get_child (GTK_REVEALER (banner));
    GtkWidget *label = gtk_widget_get_last_child (banner_box);

    g_assert_true (gtk_widget_has_css_class (banner_box, "offline-warning"));
    g_assert_true (GTK_IS_LABEL (label));
    g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (label)), "No contact with the server for"));
    g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (label)), "3 changes are kept only on this computer"));
    spin (0.3);
    save_screenshot (GTK_WIDGET (window), "ui-ops-offline-warning.png");
    kasir_sync_notifier_set_warning_hours (notifier, 24);
    g_assert_false (kasir_sync_notifier_get_warning (notifier));
    g_assert_false (gtk_widget_has_css_class (banner_box, "offline-warning"));
  }

  /* Back: the queue drains, the banner goes, and a toast counts the sales sent. */
  kasir_test_network_monitor_set_available (monitor, TRUE);
  g_assert_true (sync_test_wait_drained (service, 60));
  assert_badge_within (badge, "Online", 5);
  g_assert_false (kasir_window_get_offline (window));
  g_assert_cmpint (kasir_connection_badge_get_pending (badge), ==, 0);
  g_assert_true (sync_test_wait_for (has_back_online_toast, toasts, 5));
  {
    guint found = 0;

    /* Exactly one, and only once the three queued sales are through. */
    for (guint i = 0; i < toasts->len; i++)
      if (g_str_has_prefix (toasts->pdata[i], "Back online"))
        {
          g_assert_cmpstr (toasts->pdata[i], ==, "Back online — 3 sales synced");
          found++;
        }
    g_assert_cmpuint (found, ==, 1);
  }
  g_assert_cmpint (sync_test_server_query (server, "SELECT count(*) FROM sales"), ==, 3);

  /* The network stays but the server stops answering. */
  sync_test_server_stop (server);
  assert_badge_within (badge, "Server unreachable", 10);
  g_assert_true (kasir_window_get_offline (window));
  g_assert_cmpstr (kasir_connection_badge_get_icon_name (badge), ==, "network-error-symbolic");
  spin (0.3);
  save_screenshot (GTK_WIDGET (window), "ui-ops-unreachable.png");

  kasir_sync_service_shutdown (service);
  g_clear_object (&notifier);
  gtk_window_destroy (GTK_WINDOW (window));
  spin (0.1);
  sync_test_server_free (server);
  g_clear_object (&service);
  g_clear_object (&db);
  sync_test_remove_tree (dir);
}

/* ---- Shifts ---- */

static void
commit_sale (KasirDatabase *db,
             const char    *shift_id,
             gint64         staff_id,
             KasirMoney     price,
             KasirPayment  *first,
             KasirPayment  *second,
             KasirMoney     change)
{
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (db);
  g_autoptr(KasirSale) sale = kasir_sale_new ();
  g_autoptr(GError) error = NULL;
  KasirSaleLine *line = kasir_sale_line_new ();

  line->product_id = 1;
  line->sku = g_strdup ("SKU-1");
  line->name = g_strdup ("Kopi");
  line->qty = 1;
  line->unit_price = price;
  line->price_version = 1;
  line->total = price;
  g_ptr_array_add (sale->lines, line);
  g_ptr_array_add (sale->payments, first);
  if (second != NULL)
    g_ptr_array_add (sale->payments, second);
  memcpy (sale->currency, "IDR", 4);
  sale->tax_inclusive = TRUE;
  sale->shift_id = g_strdup (shift_id);
  sale->staff_id = staff_id;
  sale->subtotal = price;
  sale->total = price;
  sale->change = change;

  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);
}

static KasirMoney
amount_of (GPtrArray          *payments,
           KasirPaymentMethod  method)
{
  for (guint i = 0; i < payments->len; i++)
    {
      KasirPayment *p = payments->pdata[i];

      if (p->method == method)
        return p->amount;
    }
  g_assert_not_reached ();
}

static void
test_shift_totals (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(KasirDatabase) db = sync_test_terminal_db (dir, "till.db", NULL);
  g_autoptr(KasirShiftRepository) shifts = kasir_shift_repository_new (db);
  g_autoptr(KasirShiftReportRepository) reports = kasir_shift_report_repository_new (db);
  g_autoptr(KasirOutboxRepository) outbox = kasir_outbox_repository_new (db);
  g_autoptr(KasirStaff) staff = NULL;
  g_autoptr(KasirShift) shift = NULL;
  g_autoptr(KasirShift) closed = NULL;
  g_autoptr(KasirShiftSummary) summary = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(KasirShiftEvent) open_ev = NULL;
  g_autoptr(KasirShiftEvent) close_ev = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *x_report = NULL;
  g_autofree char *z_report = NULL;
  g_autofree char *pdf = NULL;
  g_autoptr(KasirStaffRepository) staff_repo = kasir_staff_repository_new (db);
  KasirShiftDialog *dialog;
  gint64 staff_id;
  KasirOutboxEntry *entry;

  staff_id = add_staff (db, "Sari", "2468");
  staff = kasir_staff_repository_get (staff_repo, staff_id, &error);
  g_assert_no_error (error);

  /* Opening through the dialog, as a cashier does, with a float of Rp 100.000. */
  dialog = kasir_shift_dialog_new (NULL, kasir_test_context (db, NULL, staff));
  kasir_shift_dialog_set_float_text (dialog, "-5");
  g_assert_false (kasir_shift_dialog_open_shift (dialog, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  shift = kasir_shift_repository_get_open (shifts, &error);
  g_assert_no_error (error);
  g_assert_null (shift);

  kasir_shift_dialog_set_float_text (dialog, "100000");
  g_assert_true (kasir_shift_dialog_open_shift (dialog, &error));
  g_assert_no_error (error);
  shift = kasir_shift_repository_get_open (shifts, &error);
  g_assert_no_error (error);
  g_assert_nonnull (shift);
  g_assert_cmpint (shift->opening_float, ==, 100000);
  g_assert_cmpint (shift->staff_id, ==, staff_id);

  /* A second shift cannot open over the first. */
  g_assert_null (kasir_shift_repository_open_shift (shifts, staff_id, 0, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_clear_error (&error);

  /* Cash 50.000 for 30.000 (20.000 change); card 45.000; cash 2.000 + e-wallet 10.000. */
  commit_sale (db, shift->id, staff_id, 30000, kasir_payment_new (KASIR_PAYMENT_CASH, 50000),
               NULL, 20000);
  commit_sale (db, shift->id, staff_id, 45000, kasir_payment_new (KASIR_PAYMENT_CARD, 45000),
               NULL, 0);
  commit_sale (db, shift->id, staff_id, 12000, kasir_payment_new (KASIR_PAYMENT_CASH, 2000),
               kasir_payment_new (KASIR_PAYMENT_EWALLET, 10000), 0);
  /* A sale outside the shift does not count towards it. */
  commit_sale (db, NULL, staff_id, 7000, kasir_payment_new (KASIR_PAYMENT_CASH, 7000), NULL, 0);

  expected = kasir_shift_repository_expected (shifts, shift->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (amount_of (expected, KASIR_PAYMENT_CASH), ==, 100000 + 52000 - 20000);
  g_assert_cmpint (amount_of (expected, KASIR_PAYMENT_CARD), ==, 45000);
  g_assert_cmpint (amount_of (expected, KASIR_PAYMENT_EWALLET), ==, 10000);
  g_assert_cmpint (amount_of (expected, KASIR_PAYMENT_OTHER), ==, 0);

  summary = kasir_shift_report_repository_summarize (reports, shift->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->sale_count, ==, 3);
  g_assert_cmpint (summary->total, ==, 87000);
  g_assert_cmpint (summary->change, ==, 20000);
  g_assert_cmpint (amount_of (summary->taken, KASIR_PAYMENT_CASH), ==, 52000);
  /* Nothing has been synced: all three sales are still only here. */
  g_assert_cmpint (summary->unsynced_sales, ==, 3);

  gtk_window_present (GTK_WINDOW (dialog));
  spin (1.0);
  save_screenshot (GTK_WIDGET (dialog), "ui-ops-shift-open.png");

  x_report = kasir_shift_dialog_get_report_text (dialog);
  g_assert_nonnull (x_report);
  g_assert_nonnull (strstr (x_report, "X REPORT"));
  g_assert_nonnull (strstr (x_report, "3 sales of this shift have not reached the server yet."));

  /* Closing with unsynced sales is allowed; counted cash is 1.000 short. */
  kasir_shift_dialog_set_counted_text (dialog, KASIR_PAYMENT_CASH, "131000");
  kasir_shift_dialog_set_counted_text (dialog, KASIR_PAYMENT_CARD, "45000");
  kasir_shift_dialog_set_counted_text (dialog, KASIR_PAYMENT_EWALLET, "10000");
  kasir_shift_dialog_set_counted_text (dialog, KASIR_PAYMENT_OTHER, "");
  g_assert_true (kasir_shift_dialog_close_shift (dialog, &error));
  g_assert_no_error (error);

  g_clear_pointer (&shift, kasir_shift_free);
  shift = kasir_shift_repository_get_open (shifts, &error);
  g_assert_no_error (error);
  g_assert_null (shift);

  spin (0.2);
  save_screenshot (GTK_WIDGET (dialog), "ui-ops-shift-closed.png");
  z_report = kasir_shift_dialog_get_report_text (dialog);
  g_assert_nonnull (strstr (z_report, "Z REPORT"));
  g_assert_nonnull (strstr (z_report, "Difference"));

  /* The report prints to PDF without a printer or a dialog. */
  pdf = g_build_filename (dir, "z-report.pdf", NULL);
  g_assert_true (kasir_shift_report_print (NULL, z_report, pdf, &error));
  g_assert_no_error (error);
  {
    g_autofree char *contents = NULL;
    gsize length = 0;

    g_assert_true (g_file_get_contents (pdf, &contents, &length, NULL));
    g_assert_cmpuint (length, >, 500);
    g_assert_true (g_str_has_prefix (contents, "%PDF"));
  }

  /* Outbox: shift.open, three sale.create in the shift, one outside, then shift.close. */
  entries = kasir_outbox_repository_list_entries (outbox, -1, 0, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 6);
  entry = entries->pdata[0];
  g_assert_cmpint (entry->mutation->type, ==, KASIR_MUTATION_SHIFT_OPEN);
  open_ev = kasir_protocol_decode_shift_open (entry->mutation->payload, &error);
  g_assert_no_error (error);
  g_assert_cmpint (open_ev->opening_float, ==, 100000);
  g_assert_cmpint (open_ev->staff_id, ==, staff_id);

  entry = entries->pdata[5];
  g_assert_cmpint (entry->mutation->type, ==, KASIR_MUTATION_SHIFT_CLOSE);
  g_assert_cmpint (entry->mutation->seq, ==, ((KasirOutboxEntry *) entries->pdata[0])->mutation->seq + 5);
  close_ev = kasir_protocol_decode_shift_close (entry->mutation->payload, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (close_ev->shift_id, ==, open_ev->shift_id);
  g_assert_cmpint (amount_of (close_ev->expected, KASIR_PAYMENT_CASH), ==, 132000);
  g_assert_cmpint (amount_of (close_ev->counted, KASIR_PAYMENT_CASH), ==, 131000);
  g_assert_cmpint (amount_of (close_ev->expected, KASIR_PAYMENT_CARD), ==, 45000);
  g_assert_cmpint (amount_of (close_ev->counted, KASIR_PAYMENT_EWALLET), ==, 10000);

  closed = kasir_shift_repository_get (shifts, open_ev->shift_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (closed->closed_at);
  g_assert_cmpint (closed->counted_cash, ==, 131000);

  /* Closing twice is refused and queues nothing. */
  g_assert_false (kasir_shift_repository_close_shift (shifts, open_ev->shift_id, staff_id,
                                                      close_ev->counted, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE);
  g_clear_error (&error);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = kasir_outbox_repository_list_entries (outbox, -1, 0, 100, &error);
  g_assert_cmpuint (entries->len, ==, 6);

  gtk_window_destroy (GTK_WINDOW (dialog));
  spin (0.05);
  g_clear_object (&db);
  sync_test_remove_tree (dir);
}

/* ---- PIN lockout ---- */

static gint64 fake_now = 1800000000;

static gint64
fake_clock (gpointer user_data)
{
  return fake_now;
}

typedef struct
{
  KasirLockScreen *screen;
  gboolean         unlocked;
} ScreenWait;

static gboolean
screen_idle (gpointer data)
{
  return !kasir_lock_screen_get_busy (((ScreenWait *) data)->screen);
}

static void
on_screen_unlocked (KasirLockScreen *screen,
                    KasirStaff      *staff,
                    ScreenWait      *w)
{
  w->unlocked = TRUE;
}

static void
test_pin_lockout (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "till.db", NULL);
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirPinGuard) guard = NULL;
  g_autoptr(GError) error = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  gint64 manager;
  gint64 cashier;
  int code;

  db = sync_test_terminal_db (dir, "till.db", key);
  guard = kasir_pin_guard_new (db);
  kasir_pin_guard_set_clock (guard, fake_clock, NULL);

  /* Nobody to unlock with yet. */
  g_assert_cmpint (try_pin (guard, "1234", &code), ==, 0);
  g_assert_cmpint (code, ==, KASIR_PIN_GUARD_ERROR_NO_STAFF);

  manager = add_staff (db, "Budi", "1234");
  cashier = add_staff (db, "Ani", "987654");
  {
    gint64 start = g_get_monotonic_time ();

    g_assert_cmpint (try_pin (guard, "987654", &code), ==, cashier);
    /* Every active hash is checked, so this is the cost of one sign-in with two staff. */
    g_test_message ("PIN check with 2 staff: %.0f ms",
                    (g_get_monotonic_time () - start) / 1000.0);
  }
  g_assert_cmpint (try_pin (guard, "1234", &code), ==, manager);

  /* Four wrong PINs are answered "wrong"; the fifth locks the till for 60 s. */
  for (guint i = 0; i < 4; i++)
    {
      g_assert_cmpint (try_pin (guard, "0000", &code), ==, 0);
      g_assert_cmpint (code, ==, KASIR_PIN_GUARD_ERROR_WRONG_PIN);
      g_assert_cmpuint (kasir_pin_guard_get_failed_count (guard), ==, i + 1);
    }
  g_assert_cmpint (kasir_pin_guard_get_seconds_left (guard), ==, 0);
  g_assert_cmpint (try_pin (guard, "0000", &code), ==, 0);
  g_assert_cmpint (code, ==, KASIR_PIN_GUARD_ERROR_LOCKED_OUT);
  g_assert_cmpint (kasir_pin_guard_get_seconds_left (guard), ==, 60);

  /* The right PIN is refused while locked out. */
  g_assert_cmpint (try_pin (guard, "1234", &code), ==, 0);
  g_assert_cmpint (code, ==, KASIR_PIN_GUARD_ERROR_LOCKED_OUT);
  fake_now += 59;
  g_assert_cmpint (try_pin (guard, "1234", &code), ==, 0);
  g_assert_cmpint (code, ==, KASIR_PIN_GUARD_ERROR_LOCKED_OUT);

  /* Once the time has passed it works. */
  fake_now += 1;
  g_assert_cmpint (kasir_pin_guard_get_seconds_left (guard), ==, 0);
  g_assert_cmpint (try_pin (guard, "1234", &code), ==, manager);
  g_assert_cmpuint (kasir_pin_guard_get_failed_count (guard), ==, 0);

  /* Two lockouts in a row: the second lasts twice as long, and survives a restart.
   * Budi's right PIN cleared his count only: Ani, who has not signed in since her first
   * lockout, is locked out for twice as long at once. */
  for (guint i = 0; i < 5; i++)
    try_pin (guard, "1111", &code);
  g_assert_cmpint (kasir_pin_guard_get_staff_seconds_left (guard, manager), ==, 60);
  g_assert_cmpint (kasir_pin_guard_get_staff_seconds_left (guard, cashier), ==, 120);
  g_assert_cmpint (kasir_pin_guard_get_seconds_left (guard), ==, 60);
  fake_now += 60;
  for (guint i = 0; i < 5; i++)
    try_pin (guard, "1111", &code);
  g_assert_cmpint (code, ==, KASIR_PIN_GUARD_ERROR_LOCKED_OUT);
  g_assert_cmpint (kasir_pin_guard_get_staff_seconds_left (guard, manager), ==, 120);
  g_assert_cmpint (kasir_pin_guard_get_staff_seconds_left (guard, cashier), ==, 60);
  fake_now += 60;
  g_assert_cmpint (kasir_pin_guard_get_staff_seconds_left (guard, manager), ==, 60);
  g_assert_cmpint (try_pin (guard, "987654", &code), ==, cashier);
  for (guint i = 0; i < 5; i++)
    try_pin (guard, "1111", &code);
  g_assert_cmpint (kasir_pin_guard_get_seconds_left (guard), ==, 60);
  g_assert_cmpint (kasir_pin_guard_get_staff_seconds_left (guard, manager), ==, 60);

  g_clear_object (&guard);
  g_clear_object (&db);
  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  guard = kasir_pin_guard_new (db);
  kasir_pin_guard_set_clock (guard, fake_clock, NULL);
  fake_now += 30;
  g_assert_cmpint (kasir_pin_guard_get_seconds_left (guard), ==, 30);
  g_assert_cmpint (try_pin (guard, "1234", &code), ==, 0);
  g_assert_cmpint (code, ==, KASIR_PIN_GUARD_ERROR_LOCKED_OUT);

  /* The lock screen shows the lockout and ignores the pad meanwhile. */
  {
    ScreenWait w = { 0 };
    GtkWidget *window = gtk_window_new ();
    GtkWidget *screen = kasir_lock_screen_new (guard);

    w.screen = KASIR_LOCK_SCREEN (screen);
    g_signal_connect (screen, "unlocked", G_CALLBACK (on_screen_unlocked), &w);
    gtk_window_set_child (GTK_WINDOW (window), screen);
    gtk_window_present (GTK_WINDOW (window));
    g_assert_nonnull (strstr (kasir_lock_screen_get_message (w.screen), "Try again in 30 seconds"));
    for (const char *k = "1234\n"; *k != '\0'; k++)
      kasir_lock_screen_press (w.screen, *k);
    g_assert_false (kasir_lock_screen_get_busy (w.screen));
    g_assert_false (w.unlocked);

    fake_now += 90;
    kasir_lock_screen_reset (w.screen);
    for (const char *k = "9999\n"; *k != '\0'; k++)
      kasir_lock_screen_press (w.screen, *k);
    g_assert_true (sync_test_wait_for (screen_idle, &w, 30));
    g_assert_false (w.unlocked);
    g_assert_nonnull (strstr (kasir_lock_screen_get_message (w.screen), "Wrong PIN"));
    for (const char *k = "1234\n"; *k != '\0'; k++)
      kasir_lock_screen_press (w.screen, *k);
    g_assert_true (sync_test_wait_for (screen_idle, &w, 30));
    g_assert_true (w.unlocked);

    gtk_window_destroy (GTK_WINDOW (window));
    spin (0.05);
  }

  g_clear_object (&guard);
  g_clear_object (&db);
  sync_test_remove_tree (dir);
}

/* ---- Removing the terminal's data ---- */

static void
test_remove_refused_while_unsynced (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "till.db", NULL);
  g_autoptr(KasirDatabase) db = sync_test_terminal_db (dir, "till.db", NULL);
  g_autoptr(KasirTerminalDataRepository) data = kasir_terminal_data_repository_new (db);
  g_autoptr(KasirShiftRepository) shifts = kasir_shift_repository_new (db);
  g_autoptr(KasirOutboxRepository) outbox = kasir_outbox_repository_new (db);
  g_autoptr(KasirShift) shift = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *moved_wal = NULL;
  gint64 staff_id = add_staff (db, "Budi", "1234");
  gint64 unsynced = -1;
  gint64 last_seq = 0;

  shift = kasir_shift_repository_open_shift (shifts, staff_id, 50000, &error);
  g_assert_no_error (error);
  commit_sale (db, shift->id, staff_id, 30000, kasir_payment_new (KASIR_PAYMENT_CASH, 30000),
               NULL, 0);

  g_assert_true (kasir_terminal_data_repository_count_unsynced (data, &unsynced, &error));
  g_assert_cmpint (unsynced, ==, 2);
  g_assert_false (kasir_terminal_data_repository_remove (data, &moved, &error));
  g_assert_error (error, KASIR_TERMINAL_DATA_ERROR, KASIR_TERMINAL_DATA_ERROR_UNSYNCED);
  g_assert_nonnull (strstr (error->message, "2 changes have not reached the server"));
  g_clear_error (&error);
  g_assert_null (moved);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  /* One acknowledged, one still out: still refused, now saying 1. */
  g_assert_true (kasir_outbox_repository_get_last_seq (outbox, &last_seq, &error));
  g_assert_true (kasir_outbox_repository_mark_acked (outbox, last_seq - 1, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (kasir_terminal_data_repository_remove (data, &moved, &error));
  g_assert_error (error, KASIR_TERMINAL_DATA_ERROR, KASIR_TERMINAL_DATA_ERROR_UNSYNCED);
  g_assert_nonnull (strstr (error->message, "1 change has not reached the server"));
  g_clear_error (&error);

  /* Everything acknowledged: the file moves aside, nothing is deleted. */
  g_assert_true (kasir_outbox_repository_mark_acked (outbox, last_seq, NULL, &error));
  g_assert_true (kasir_terminal_data_repository_remove (data, &moved, &error));
  g_assert_no_error (error);
  g_assert_nonnull (moved);
  g_assert_true (g_str_has_prefix (moved, path));
  g_assert_true (g_file_test (moved, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  moved_wal = g_strconcat (path, "-wal", NULL);
  g_assert_false (g_file_test (moved_wal, G_FILE_TEST_EXISTS));

  g_clear_object (&data);
  g_clear_object (&shifts);
  g_clear_object (&outbox);
  g_clear_object (&db);
  sync_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Kasir/UiOps/badge-and-banner", test_badge_and_banner);
  g_test_add_func ("/Kasir/UiOps/shift-totals", test_shift_totals);
  g_test_add_func ("/Kasir/UiOps/pin-lockout", test_pin_lockout);
  g_test_add_func ("/Kasir/UiOps/remove-refused-while-unsynced", test_remove_refused_while_unsynced);

  status = g_test_run ();
  g_clear_object (&application);

  return status;
}
