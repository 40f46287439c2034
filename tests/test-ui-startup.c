/* test-ui-startup.c — the till starting: a database it cannot read, and first-run set-up
 * connecting to a server or standing alone.
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

#include "kasir-test-ops.h"

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

  g_assert_false (kasir_setup_window_create_manager (setup, "Budi", "123456", "123465", &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kasir_setup_window_create_manager (setup, "Budi", "12a456", "12a456", &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  /* A manager's PIN is 6 to 12 digits, as on the staff screen. */
  g_assert_false (kasir_setup_window_create_manager (setup, "Budi", "1234", "1234", &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  g_assert_false (kasir_setup_window_create_manager (setup, "   ", "123456", "123456", &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (finished);

  g_assert_true (kasir_setup_window_create_manager (setup, " Budi Santoso ", "123456", "123456", &error));
  g_assert_no_error (error);
  g_assert_true (finished);
  g_assert_true (g_settings_get_boolean (settings, "setup-done"));

  staff = kasir_staff_repository_list_active (staff_repo, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (staff->len, ==, 1);
  g_assert_cmpstr (((KasirStaff *) staff->pdata[0])->name, ==, "Budi Santoso");
  g_assert_cmpstr (((KasirStaff *) staff->pdata[0])->role, ==, "manager");
  /* Only the hash is kept, and it checks the PIN. */
  g_assert_null (strstr (((KasirStaff *) staff->pdata[0])->pin_hash, "123456"));
  g_assert_true (kasir_pin_verify (((KasirStaff *) staff->pdata[0])->pin_hash, "123456"));
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

  g_test_add_func ("/Kasir/UiOps/startup-unreadable-database", test_startup_unreadable_database);
  g_test_add_func ("/Kasir/UiOps/first-run-connect", test_first_run_connect);
  g_test_add_func ("/Kasir/UiOps/first-run-standalone", test_first_run_standalone);

  status = g_test_run ();
  g_clear_object (&application);

  return status;
}
