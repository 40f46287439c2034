/* test-ui-session.c — the till session's background work, and quitting while it runs.
 *
 * Removing the terminal's data asks the keyring in a worker thread while the
 * preferences show that they wait; the application, quit at any moment after it
 * started (the database still opening, the sync service loading), waits for that work
 * before it exits.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "kasir-application.h"
#include "kasir-key-store.h"
#include "kasir-preferences-window.h"
#include "kasir-pin-dialog.h"
#include "kasir-setup-window.h"
#include "kasir-till-context.h"
#include "kasir-till-session.h"
#include "kasir-window.h"
#include "sync-test-util.h"

/* Each application gets its own id: a window's last reference may keep an earlier one
 * registered on the bus a little longer. */
static KasirApplication *
new_application (void)
{
  static guint count;
  g_autofree char *id = g_strdup_printf (APP_ID ".TestUiSession%u", ++count);

  return g_object_new (KASIR_TYPE_APPLICATION,
                       "application-id", id,
                       "resource-base-path", RESOURCE_BASE,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       NULL);
}

static GtkWindow *
find_toplevel (GType       type,
               const char *heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (!G_TYPE_CHECK_INSTANCE_TYPE (item, type) || !gtk_widget_get_visible (GTK_WIDGET (item)))
        continue;
      if (heading == NULL ||
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (item)), heading) == 0)
        return GTK_WINDOW (item);
    }

  return NULL;
}

static gboolean
session_has_database (gpointer data)
{
  return kasir_till_session_get_database (data) != NULL;
}

static gboolean
remove_confirm_shown (gpointer data)
{
  return find_toplevel (ADW_TYPE_MESSAGE_DIALOG, "Remove This Terminal’s Data?") != NULL;
}

static gboolean
removed_shown (gpointer data)
{
  return find_toplevel (ADW_TYPE_MESSAGE_DIALOG, "Data Removed") != NULL;
}

static gboolean
setup_shown (gpointer data)
{
  return find_toplevel (KASIR_TYPE_SETUP_WINDOW, NULL) != NULL;
}

/* A standalone shop's first manager chooses a PIN (twice) and is signed in: the till
 * does not ask for it a third time. */
static void
test_new_manager_signed_in (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-ui-session-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "kasir.db", NULL);
  g_autoptr(KasirApplication) app = new_application ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(KasirTillSession) session = NULL;
  g_autoptr(KasirTillContext) context = kasir_till_context_new (NULL);
  KasirSetupWindow *setup;
  KasirWindow *window;

  g_assert_no_error (error);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_settings_set_boolean (settings, "standalone", TRUE);
  g_settings_set_boolean (settings, "setup-done", FALSE);

  window = kasir_window_new (app, context);
  session = kasir_till_session_new (window, path);
  gtk_window_present (GTK_WINDOW (window));
  kasir_till_session_start (session);
  g_assert_true (sync_test_wait_for (session_has_database, session, 30));
  g_assert_true (sync_test_wait_for (setup_shown, NULL, 30));
  setup = KASIR_SETUP_WINDOW (find_toplevel (KASIR_TYPE_SETUP_WINDOW, NULL));
  if (g_strcmp0 (kasir_setup_window_get_page (setup), "manager") != 0)
    kasir_setup_window_choose_standalone (setup);
  g_assert_cmpstr (kasir_setup_window_get_page (setup), ==, "manager");
  g_assert_true (kasir_till_session_get_locked (session));

  g_assert_true (kasir_setup_window_create_manager (setup, "Budi Santoso", "123456", "123456", &error));
  g_assert_no_error (error);
  g_assert_false (kasir_till_session_get_locked (session));
  g_assert_cmpint (kasir_till_session_get_staff_id (session), >, 0);
  g_assert_null (find_toplevel (KASIR_TYPE_PIN_DIALOG, NULL));

  while (g_list_model_get_n_items (gtk_window_get_toplevels ()) > 0)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (gtk_window_get_toplevels (), 0);

      gtk_window_destroy (toplevel);
    }
  g_clear_object (&session);
  g_assert_true (kasir_till_context_shutdown (context, 10000));
  g_settings_reset (settings, "standalone");
  g_settings_reset (settings, "setup-done");
  sync_test_remove_tree (dir);
}

/* Removing the data: the keyring is asked off the main thread, the preferences show a
 * spinner meanwhile, and the moved file keeps its key. */
static void
test_remove_data_waits (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-ui-session-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "kasir.db", NULL);
  g_autoptr(KasirApplication) app = new_application ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(KasirTillSession) session = NULL;
  g_autoptr(KasirTillContext) context = kasir_till_context_new (NULL);
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  KasirPreferencesWindow *prefs;
  GtkWindow *confirm, *removed;
  KasirWindow *window;
  const char *body;

  g_assert_no_error (error);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_settings_set_boolean (settings, "standalone", TRUE);

  window = kasir_window_new (app, context);
  session = kasir_till_session_new (window, path);
  gtk_window_present (GTK_WINDOW (window));
  kasir_till_session_start (session);
  g_assert_true (sync_test_wait_for (session_has_database, session, 30));
  g_assert_true (kasir_key_store_lookup_database_key (path, key, NULL, NULL));

  kasir_till_session_show_preferences (session);
  prefs = KASIR_PREFERENCES_WINDOW (find_toplevel (KASIR_TYPE_PREFERENCES_WINDOW, NULL));
  g_assert_nonnull (prefs);
  g_signal_emit_by_name (prefs, "remove-data-requested");
  /* A manager approves it (kasir-approval.h); a till without one has nobody to ask, and
   * the answer comes from the main loop. */
  g_assert_true (sync_test_wait_for (remove_confirm_shown, NULL, 5));
  confirm = find_toplevel (ADW_TYPE_MESSAGE_DIALOG, "Remove This Terminal’s Data?");
  g_assert_nonnull (confirm);
  g_assert_false (kasir_preferences_window_get_busy (prefs));

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "remove");
  /* The answer has not come back yet: the keyring is asked in a thread. */
  g_assert_true (kasir_preferences_window_get_busy (prefs));
  g_assert_cmpuint (kasir_till_context_get_work_count (context), ==, 1);
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG, "Data Removed"));

  g_assert_true (sync_test_wait_for (removed_shown, NULL, 30));
  g_assert_false (kasir_preferences_window_get_busy (prefs));
  g_assert_cmpuint (kasir_till_context_get_work_count (context), ==, 0);
  removed = find_toplevel (ADW_TYPE_MESSAGE_DIALOG, "Data Removed");
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (removed));
  {
    const char *start = strstr (body, path);
    g_autofree char *moved = NULL;
    guint8 moved_key[KASIR_DATABASE_KEY_SIZE];

    g_assert_nonnull (start);
    moved = g_strndup (start, strcspn (start, "\n"));
    g_assert_true (g_file_test (moved, G_FILE_TEST_EXISTS));
    /* The key went with the file, and the old path has none left. */
    g_assert_true (kasir_key_store_lookup_database_key (moved, moved_key, NULL, NULL));
    g_assert_cmpmem (moved_key, sizeof moved_key, key, sizeof key);
    g_assert_false (kasir_key_store_lookup_database_key (path, moved_key, NULL, NULL));
  }

  /* Closing every window (set-up too, which a till without staff opens) lets go of the
   * sync service, as quitting does. */
  while (g_list_model_get_n_items (gtk_window_get_toplevels ()) > 0)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (gtk_window_get_toplevels (), 0);

      gtk_window_destroy (toplevel);
    }
  g_clear_object (&session);
  g_assert_true (kasir_till_context_shutdown (context, 10000));
  g_settings_reset (settings, "standalone");
  g_settings_reset (settings, "setup-done");
  sync_test_remove_tree (dir);
}

typedef struct
{
  GApplication *app;
  guint         quit_after_ms;
  guint         quit_id;
} QuitPlan;

static gboolean
quit_now (gpointer data)
{
  QuitPlan *plan = data;

  plan->quit_id = 0;
  g_action_group_activate_action (G_ACTION_GROUP (plan->app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
on_activate (GApplication *app,
             QuitPlan     *plan)
{
  plan->quit_id = g_timeout_add (plan->quit_after_ms, quit_now, plan);
}

/* The real application, quit while its work runs: opening the database in a thread,
 * loading the sync identity, the first heartbeat. It exits only when that work has
 * finished, and nothing runs after (a crash, or a critical, fails the test). */
static void
test_quit_with_work_in_flight (void)
{
  static const guint delays_ms[] = { 0, 5, 30, 150, 600 };
  const char *path = g_getenv ("KASIR_DB_PATH");
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  /* Not standalone: the sync service loads its identity in a thread too. */
  g_settings_set_boolean (settings, "setup-done", TRUE);
  g_settings_set_boolean (settings, "standalone", FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (delays_ms); i++)
    {
      g_autoptr(KasirApplication) app = new_application ();
      QuitPlan plan = { G_APPLICATION (app), delays_ms[i], 0 };
      gint64 started = g_get_monotonic_time ();
      int status;

      g_test_message ("quitting %u ms after activation", delays_ms[i]);
      g_signal_connect (app, "activate", G_CALLBACK (on_activate), &plan);
      status = g_application_run (G_APPLICATION (app), 0, NULL);
      g_assert_cmpint (status, ==, 0);
      g_assert_cmpuint (plan.quit_id, ==, 0);
      g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 0);
      /* Everything in flight was cancelled first, so it ends well inside the time the
       * application would wait for a stuck task (10 s, after which it warns). */
      g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
      g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS) || delays_ms[i] == 0);
    }

  g_settings_reset (settings, "setup-done");
  g_settings_reset (settings, "standalone");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-ui-quit-XXXXXX", &error);
  g_autofree char *path = NULL;
  int status;

  g_assert_no_error (error);
  /* The application opens $KASIR_DB_PATH; set before any thread starts. */
  path = g_build_filename (dir, "kasir.db", NULL);
  g_setenv ("KASIR_DB_PATH", path, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/Kasir/UiSession/remove-data-waits", test_remove_data_waits);
  g_test_add_func ("/Kasir/UiSession/new-manager-signed-in", test_new_manager_signed_in);
  g_test_add_func ("/Kasir/UiSession/quit-with-work-in-flight", test_quit_with_work_in_flight);

  status = g_test_run ();
  sync_test_remove_tree (dir);
  return status;
}
