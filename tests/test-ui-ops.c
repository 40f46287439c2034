/* test-ui-ops.c — the till's operational side: connection badge and offline banner,
 * shifts, PIN lockout and removing a terminal's data.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "kasir-application.h"
#include "kasir-connection-badge.h"
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

static KasirApplication *application;

static KasirApplication *
get_application (void)
{
  g_autoptr(GError) error = NULL;

  if (application != NULL)
    return application;

  application = g_object_new (KASIR_TYPE_APPLICATION,
                              "application-id", APP_ID ".TestUiOps",
                              "resource-base-path", RESOURCE_BASE,
                              "flags", G_APPLICATION_NON_UNIQUE,
                              NULL);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);

  return application;
}

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("kasir-ui-ops-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
spin (double seconds)
{
  gint64 until = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < until)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

static gint64
add_staff (KasirDatabase *db,
           const char    *name,
           const char    *pin)
{
  g_autoptr(KasirStaffRepository) repo = kasir_staff_repository_new (db);
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = kasir_pin_hash (pin, &error);
  gint64 id;

  g_assert_no_error (error);
  id = kasir_staff_repository_add_local (repo, name, "manager", hash, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

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
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  if (g_getenv ("KASIR_SCREENSHOT_DIR") != NULL &&
      gtk_widget_get_width (widget) > 0 && gtk_widget_get_height (widget) > 0)
    g_object_unref (kasir_test_render (widget, name));
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

/* ---- Start-up ---- */

static gboolean
session_has_database (gpointer data)
{
  return kasir_till_session_get_database (data) != NULL;
}

typedef struct
{
  KasirTillSession *session;
  gint64            staff_id;
} StaffWait;

static gboolean
session_is_locked (gpointer data)
{
  return kasir_till_session_get_locked (data);
}

static gboolean
session_staff_is (gpointer data)
{
  StaffWait *w = data;

  return kasir_till_session_get_staff_id (w->session) == w->staff_id;
}

/* Which page of the till lock's stack the window shows: "lock" or "content". */
static const char *
locked_page (KasirWindow *window)
{
  GtkWidget *stack = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));

  g_assert_true (GTK_IS_STACK (stack));
  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (item, type) && gtk_widget_get_visible (GTK_WIDGET (item)))
        return GTK_WINDOW (item);
    }

  return NULL;
}

static void
test_startup_unreadable_database (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "data", "kasir.db", NULL);
  g_autofree char *data_dir = g_path_get_dirname (path);
  g_autoptr(KasirTillSession) session = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWindow *dialog;
  GtkWindow *setup;
  KasirWindow *window;
  const char *body;

  /* A file the keyring has no key for: it must be moved aside, never deleted. */
  g_assert_cmpint (g_mkdir_with_parents (data_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "not a Kasir database, but someone's data", -1, NULL));
  g_settings_set_boolean (settings, "setup-done", FALSE);
  g_settings_set_boolean (settings, "standalone", FALSE);

  window = kasir_window_new (get_application (), NULL);
  session = kasir_till_session_new (window, path);
  gtk_window_present (GTK_WINDOW (window));
  kasir_till_session_start (session);
  g_assert_true (sync_test_wait_for (session_has_database, session, 30));
  spin (0.2);

  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_test_message ("%s", body);
  g_assert_nonnull (strstr (body, "moved aside"));
  g_assert_nonnull (strstr (body, ".unreadable-"));
  {
    g_autofree char *moved = NULL;
    const char *start = strstr (body, path);
    g_autofree char *contents = NULL;

    g_assert_nonnull (start);
    moved = g_strndup (start, strcspn (start, "\n"));
    g_assert_true (g_file_get_contents (moved, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "not a Kasir database, but someone's data");
  }
  /* A fresh database took its place. */
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  gtk_window_destroy (dialog);

  /* First run: not enrolled, not standalone, never asked: set-up is offered, and the
   * till is locked behind the PIN pad meanwhile. */
  setup = find_toplevel (KASIR_TYPE_SETUP_WINDOW);
  g_assert_nonnull (setup);
  g_assert_nonnull (kasir_till_session_get_service (session));
  g_assert_cmpint (kasir_till_session_get_staff_id (session), ==, 0);
  g_assert_cmpstr (locked_page (window), ==, "lock");
  save_screenshot (GTK_WIDGET (window), "ui-ops-locked.png");
  {
    g_auto(GStrv) lock_actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (get_application ()),
                                                                        "<Control>l");
    g_auto(GStrv) prefs_actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (get_application ()),
                                                                         "<Control>comma");

    g_assert_true (g_strv_contains ((const char * const *) lock_actions, "till.lock"));
    g_assert_true (g_strv_contains ((const char * const *) prefs_actions, "app.preferences"));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "till.sync-now", NULL));
  }

  /* The service follows the settings as they change. */
  {
    guint interval = 0;
    guint batch = 0;

    g_settings_set_uint (settings, "sync-interval", 77);
    g_settings_set_uint (settings, "push-batch-size", 33);
    g_object_get (kasir_till_session_get_service (session), "sync-interval", &interval,
                  "batch-size", &batch, NULL);
    g_assert_cmpuint (interval, ==, 77);
    g_assert_cmpuint (batch, ==, 33);
    g_settings_reset (settings, "sync-interval");
    g_settings_reset (settings, "push-batch-size");
  }

  /* Preferences open over the window, bound to the same settings. */
  {
    g_autoptr(KasirPreferencesWindow) prefs = g_object_ref_sink (kasir_preferences_window_new (GTK_WINDOW (window), kasir_window_get_context (window)));

    gtk_window_present (GTK_WINDOW (prefs));
    g_settings_set_uint (settings, "auto-lock-minutes", 9);
    spin (0.2);
    {
      GObject *lock_spin = gtk_widget_get_template_child (GTK_WIDGET (prefs),
                                                          KASIR_TYPE_PREFERENCES_WINDOW,
                                                          "lock_spin");

      /* The template's row follows the key, and the key follows the row. */
      g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (lock_spin)), ==, 9);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (lock_spin), 12);
      g_assert_cmpuint (g_settings_get_uint (settings, "auto-lock-minutes"), ==, 12);
    }
    {
      GObject *stock_switch = gtk_widget_get_template_child (GTK_WIDGET (prefs),
                                                             KASIR_TYPE_PREFERENCES_WINDOW,
                                                             "stock_switch");
      gboolean shown = g_settings_get_boolean (settings, "show-stock-on-tiles");

      /* Stock on the tiles is the shop's choice, in the preferences. */
      g_assert_true (gtk_switch_get_active (GTK_SWITCH (stock_switch)) == shown);
      gtk_switch_set_active (GTK_SWITCH (stock_switch), !shown);
      g_assert_true (g_settings_get_boolean (settings, "show-stock-on-tiles") == !shown);
      g_settings_reset (settings, "show-stock-on-tiles");
    }
    save_screenshot (GTK_WIDGET (prefs), "ui-ops-preferences.png");
    gtk_window_destroy (GTK_WINDOW (prefs));
    g_settings_reset (settings, "auto-lock-minutes");
  }

  gtk_window_destroy (setup);

  /* A manager made at set-up unlocks the till with the keyboard; the window's own
   * content comes back untouched, and with no shift open the shift dialog asks for one. */
  {
    GtkStack *stack = GTK_STACK (adw_application_window_get_content (ADW_APPLICATION_WINDOW (window)));
    GtkWidget *lock_page = gtk_stack_get_child_by_name (stack, "lock");
    KasirLockScreen *screen = KASIR_LOCK_SCREEN (gtk_widget_get_last_child (lock_page));
    gint64 staff_id = add_staff (kasir_till_session_get_database (session), "Budi", "4321");
    GtkWidget *content = gtk_stack_get_child_by_name (stack, "content");
    StaffWait w = { session, staff_id };
    GtkWindow *shift_dialog;

    for (const char *k = "4321"; *k != '\0'; k++)
      g_assert_true (kasir_lock_screen_handle_key (screen, gdk_unicode_to_keyval (*k), 0));
    g_assert_true (kasir_lock_screen_handle_key (screen, GDK_KEY_Return, 0));
    g_assert_true (sync_test_wait_for (session_staff_is, &w, 30));
    g_assert_cmpstr (locked_page (window), ==, "content");
    g_assert_true (gtk_widget_is_sensitive (content));
    spin (0.3);
    save_screenshot (GTK_WIDGET (window), "ui-ops-unlocked.png");
    g_assert_null (kasir_till_session_get_shift_id (session));
    spin (0.1);
    g_assert_nonnull (find_toplevel (KASIR_TYPE_SHIFT_DIALOG));
    gtk_window_destroy (find_toplevel (KASIR_TYPE_SHIFT_DIALOG));

    /* Locking again keeps the same content, in place, for later. */
    kasir_till_session_lock (session);
    g_assert_cmpstr (locked_page (window), ==, "lock");
    g_assert_cmpint (kasir_till_session_get_staff_id (session), ==, 0);
    g_assert_true (gtk_stack_get_child_by_name (stack, "content") == content);
    g_assert_false (gtk_widget_is_sensitive (content));
    g_assert_true (KASIR_IS_WINDOW (gtk_widget_get_root (content)));

    /* Unlocked again, the till locks itself after the idle time without input. */
    for (const char *k = "4321"; *k != '\0'; k++)
      kasir_lock_screen_handle_key (screen, gdk_unicode_to_keyval (*k), 0);
    kasir_lock_screen_handle_key (screen, GDK_KEY_Return, 0);
    g_assert_true (sync_test_wait_for (session_staff_is, &w, 30));
    g_assert_false (kasir_till_session_get_locked (session));
    shift_dialog = find_toplevel (KASIR_TYPE_SHIFT_DIALOG);
    if (shift_dialog == NULL)
      {
        kasir_till_session_show_shift (session);
        shift_dialog = find_toplevel (KASIR_TYPE_SHIFT_DIALOG);
      }
    g_assert_nonnull (shift_dialog);
    g_object_ref (shift_dialog);
    kasir_till_session_set_idle_seconds (session, 2);
    spin (1.0);
    g_assert_false (kasir_till_session_get_locked (session));
    g_assert_true (sync_test_wait_for (session_is_locked, session, 5));
    g_assert_cmpstr (locked_page (window), ==, "lock");
    kasir_till_session_set_idle_seconds (session, 0);
    /* A dialog left open is hidden while locked, kept, and back after the PIN. */
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (shift_dialog)));
    for (const char *k = "4321"; *k != '\0'; k++)
      kasir_lock_screen_handle_key (screen, gdk_unicode_to_keyval (*k), 0);
    kasir_lock_screen_handle_key (screen, GDK_KEY_Return, 0);
    g_assert_true (sync_test_wait_for (session_staff_is, &w, 30));
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (shift_dialog)));
    gtk_window_destroy (shift_dialog);
    g_object_unref (shift_dialog);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  spin (0.2);
  g_clear_object (&session);
  sync_test_remove_tree (dir);
}

/* ---- First run ---- */

static gboolean
setup_synced_or_failed (gpointer data)
{
  return kasir_setup_window_get_synced (data) || kasir_setup_window_get_error (data) != NULL;
}

static void
on_setup_finished (KasirSetupWindow *setup,
                   gboolean         *finished)
{
  *finished = TRUE;
}

static void
on_progress (KasirSyncService *service,
             GParamSpec       *pspec,
             double           *max_progress)
{
  *max_progress = MAX (*max_progress, kasir_sync_service_get_progress (service));
}

static void
on_async_result (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_first_run_connect (void)
{
  g_autofree char *dir = make_dir ();
  SyncTestServer *server = sync_test_server_new ();
  g_autoptr(KasirTestNetworkMonitor) monitor = kasir_test_network_monitor_new (TRUE);
  g_autoptr(KasirDatabase) db = sync_test_terminal_db (dir, "till.db", NULL);
  g_autoptr(KasirSyncService) service = NULL;
  g_autoptr(KasirStaffRepository) staff = kasir_staff_repository_new (db);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *url = NULL;
  KasirSetupWindow *setup;
  gboolean finished = FALSE;
  double max_progress = 0;
  gint64 count = 0;

  g_settings_set_boolean (settings, "setup-done", FALSE);
  g_settings_set_string (settings, "server-url", "");
  sync_test_server_start (server, 0);
  service = kasir_sync_service_new (db, G_NETWORK_MONITOR (monitor), &error);
  g_assert_no_error (error);
  g_object_set (service, "heartbeat-interval", 1, "sync-interval", 2, "request-timeout", 3, NULL);
  g_signal_connect (service, "notify::progress", G_CALLBACK (on_progress), &max_progress);

  setup = g_object_ref_sink (kasir_setup_window_new (NULL, kasir_test_context (db, service, NULL), KASIR_SETUP_CHOOSE));
  g_signal_connect (setup, "finished", G_CALLBACK (on_setup_finished), &finished);
  gtk_window_present (GTK_WINDOW (setup));
  g_assert_cmpstr (kasir_setup_window_get_page (setup), ==, "choose");

  /* What a person types is completed: plain HTTP for this computer only. */
  {
    static const char *cases[][2] = {
      { "127.0.0.1:8765", "http://127.0.0.1:8765" },
      { " localhost:8765 ", "http://localhost:8765" },
      { "[::1]:8765", "http://[::1]:8765" },
      { "kasir.shop:8765", "https://kasir.shop:8765" },
      { "192.168.1.10:8765", "https://192.168.1.10:8765" },
      { "https://kasir.shop", "https://kasir.shop" },
      { "http://127.0.0.1:9", "http://127.0.0.1:9" },
      { "http://192.168.1.10:8765", NULL },
      { "ftp://kasir.shop", NULL },
      { "", NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(GError) local_error = NULL;
        g_autofree char *completed = kasir_setup_complete_url (cases[i][0], &local_error);

        g_assert_cmpstr (completed, ==, cases[i][1]);
        g_assert_true ((completed == NULL) == (local_error != NULL));
      }
    g_free (code);
    code = kasir_setup_format_code (" abcd efgh-jkLm npqr");
    g_assert_cmpstr (code, ==, "ABCD-EFGH-JKLM-NPQR");
    g_clear_pointer (&code, g_free);
  }

  /* Bad input is caught before anything is sent, and said plainly. */
  kasir_setup_window_connect (setup, "http://kasir.example.com", "code", "Till 1");
  g_assert_nonnull (strstr (kasir_setup_window_get_error (setup), "https://"));
  kasir_setup_window_connect (setup, "kasir example", "code", "Till 1");
  g_assert_nonnull (strstr (kasir_setup_window_get_error (setup), "not a server address"));

  /* A code the server does not know, at an address typed as host:port: the address is
   * completed, and the refusal is said in words, not in HTTP. */
  kasir_setup_window_connect (setup, server->url + strlen ("http://"), "not-a-real-code", "Till 1");
  g_assert_true (sync_test_wait_for (setup_synced_or_failed, setup, 20));
  g_test_message ("wrong code: %s", kasir_setup_window_get_error (setup));
  g_assert_nonnull (strstr (kasir_setup_window_get_error (setup), "enrollment code"));
  g_assert_null (strstr (kasir_setup_window_get_error (setup), "401"));
  g_assert_cmpstr (kasir_setup_window_get_page (setup), ==, "problem");
  g_assert_cmpint (kasir_sync_service_get_state (service), ==, KASIR_SYNC_STATUS_STANDALONE);

  /* Another till of the outlet is already "Till 7": this one is named "Till 8". */
  {
    g_autoptr(KasirDatabase) other_db = sync_test_terminal_db (dir, "other.db", NULL);
    g_autoptr(KasirSyncService) other = kasir_sync_service_new (other_db, G_NETWORK_MONITOR (monitor), &error);
    g_autoptr(GAsyncResult) result = NULL;
    g_autofree char *other_name = NULL;

    g_assert_no_error (error);
    code = sync_test_server_enroll_code (server, 1);
    kasir_sync_service_enroll_async (other, server->url, code, "Till 7", NULL, on_async_result, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_true (kasir_sync_service_enroll_finish (other, result, &other_name, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (other_name, ==, "Till 7");
    kasir_sync_service_shutdown (other);
    g_clear_pointer (&code, g_free);
  }

  /* The right code enrolls, and the first sync brings the catalog and the staff. */
  code = sync_test_server_enroll_code (server, 1);
  url = g_strdup (server->url);
  kasir_setup_window_connect (setup, url, code, "Till 7");
  g_assert_cmpstr (kasir_setup_window_get_page (setup), ==, "connect");
  {
    gint64 until = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

    while (!kasir_setup_window_get_synced (setup) && g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_true (kasir_setup_window_get_synced (setup));
  g_assert_cmpstr (kasir_setup_window_get_page (setup), ==, "sync");
  g_assert_cmpfloat (max_progress, ==, 1.0);
  g_assert_true (kasir_staff_repository_count_active (staff, &count, &error));
  g_assert_cmpint (count, >, 0);
  {
    g_autofree char *stored_url = g_settings_get_string (settings, "server-url");
    g_autofree char *name = g_settings_get_string (settings, "terminal-name");

    g_assert_cmpstr (stored_url, ==, url);
    g_assert_cmpstr (name, ==, "Till 8");
    g_assert_false (g_settings_get_boolean (settings, "standalone"));
  }

  kasir_sync_service_shutdown (service);
  gtk_window_destroy (GTK_WINDOW (setup));
  g_object_unref (setup);
  spin (0.1);
  sync_test_server_free (server);
  g_clear_object (&service);
  g_clear_object (&staff);
  g_clear_object (&db);
  sync_test_remove_tree (dir);
}

static void
test_first_run_standalone (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(KasirDatabase) db = sync_test_terminal_db (dir, "till.db", NULL);
  g_autoptr(KasirSyncService) service = NULL;
  g_autoptr(KasirStaffRepository) staff_repo = kasir_staff_repository_new (db);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GError) error = NULL;
  KasirSetupWindow *setup;
  gboolean finished = FALSE;

  g_settings_set_boolean (settings, "setup-done", FALSE);
  g_settings_set_boolean (settings, "standalone", FALSE);
  service = kasir_sync_service_new (db, NULL, &error);
  g_assert_no_error (error);

  setup = g_object_ref_sink (kasir_setup_window_new (NULL, kasir_test_context (db, service, NULL), KASIR_SETUP_CHOOSE));
  g_signal_connect (setup, "finished", G_CALLBACK (on_setup_finished), &finished);
  gtk_window_present (GTK_WINDOW (setup));
  kasir_setup_window_choose_standalone (setup);
  g_assert_cmpstr (kasir_setup_window_get_page (setup), ==, "manager");
  g_assert_true (g_settings_get_boolean (settings, "standalone"));

  g_assert_false (kasir_setup_window_create_manager (setup, "Budi", "1234", "1243", &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kasir_setup_window_create_manager (setup, "Budi", "12a4", "12a4", &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kasir_setup_window_create_manager (setup, "   ", "1234", "1234", &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (finished);

  g_assert_true (kasir_setup_window_create_manager (setup, " Budi Santoso ", "1234", "1234", &error));
  g_assert_no_error (error);
  g_assert_true (finished);
  g_assert_true (g_settings_get_boolean (settings, "setup-done"));

  staff = kasir_staff_repository_list_active (staff_repo, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (staff->len, ==, 1);
  g_assert_cmpstr (((KasirStaff *) staff->pdata[0])->name, ==, "Budi Santoso");
  g_assert_cmpstr (((KasirStaff *) staff->pdata[0])->role, ==, "manager");
  /* Only the hash is kept, and it checks the PIN. */
  g_assert_null (strstr (((KasirStaff *) staff->pdata[0])->pin_hash, "1234"));
  g_assert_true (kasir_pin_verify (((KasirStaff *) staff->pdata[0])->pin_hash, "1234"));
  g_assert_cmpint (kasir_sync_service_get_state (service), ==, KASIR_SYNC_STATUS_STANDALONE);

  g_object_unref (setup);
  spin (0.1);
  kasir_sync_service_shutdown (service);
  g_clear_object (&service);
  g_clear_object (&staff_repo);
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
  g_test_add_func ("/Kasir/UiOps/startup-unreadable-database", test_startup_unreadable_database);
  g_test_add_func ("/Kasir/UiOps/first-run-connect", test_first_run_connect);
  g_test_add_func ("/Kasir/UiOps/first-run-standalone", test_first_run_standalone);

  status = g_test_run ();
  g_clear_object (&application);

  return status;
}
