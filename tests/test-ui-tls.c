/* test-ui-tls.c — the person's side of certificate pinning, against a real kasir-server
 * over HTTPS: the first-run window shows the fingerprint it pinned, and only a manager's
 * PIN and a confirmation trust a changed certificate.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "kasir-application.h"
#include "kasir-cert-pin.h"
#include "kasir-pin.h"
#include "kasir-setup-window.h"
#include "kasir-staff-repository.h"
#include "kasir-test-network-monitor.h"
#include "kasir-window.h"
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
                              "application-id", APP_ID ".TestUiTls",
                              "resource-base-path", RESOURCE_BASE,
                              "flags", G_APPLICATION_NON_UNIQUE,
                              NULL);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);
  return application;
}

static char *
cli (const char *command,
     const char *db)
{
  g_autofree char *tool = sync_test_build_path ("src/server/kasir-server");
  const char *argv[] = { tool, command, "--db", db, NULL };

  return sync_test_run_tool (argv);
}

/* The visible message dialog, if any; @with_entry picks the PIN prompt (which has an
 * entry) or the confirmation (which has none). */
static AdwMessageDialog *
find_dialog (gboolean with_entry)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          (adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (window)) != NULL) == with_entry)
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
pin_prompt_shown (gpointer data)
{
  return find_dialog (TRUE) != NULL;
}

static gboolean
confirmation_shown (gpointer data)
{
  return find_dialog (FALSE) != NULL;
}

static void
type_pin (const char *pin)
{
  AdwMessageDialog *dialog;
  GtkEditable *entry;

  g_assert_true (sync_test_wait_for (pin_prompt_shown, NULL, 5));
  dialog = find_dialog (TRUE);
  entry = GTK_EDITABLE (gtk_widget_get_first_child (adw_message_dialog_get_extra_child (dialog)));
  gtk_editable_set_text (entry, pin);
  g_signal_emit_by_name (entry, "activate");
  kasir_test_settle (50);
}

static gboolean
setup_synced (gpointer data)
{
  return kasir_setup_window_get_synced (data);
}

static gboolean
certificate_changed (gpointer data)
{
  return kasir_sync_service_get_certificate_changed (data);
}

static gboolean
certificate_trusted (gpointer data)
{
  return !kasir_sync_service_get_certificate_changed (data);
}

static gboolean
trust_enabled (KasirWindow *window)
{
  return kasir_window_get_certificate_changed (window);
}

static void
add_staff (KasirDatabase *db,
           const char    *name,
           const char    *role,
           const char    *pin)
{
  g_autoptr(KasirStaffRepository) repo = kasir_staff_repository_new (db);
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = kasir_pin_hash (pin, &error);

  g_assert_no_error (error);
  kasir_staff_repository_add_local (repo, name, role, hash, &error);
  g_assert_no_error (error);
}

static void
test_enroll_and_trust (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-ui-tls-XXXXXX", &error);
  g_autofree char *other_db = g_build_filename (dir, "other.db", NULL);
  g_autofree char *other_cert = g_strconcat (other_db, ".cert.pem", NULL);
  g_autofree char *other_key = g_strconcat (other_db, ".key.pem", NULL);
  SyncTestServer *server = sync_test_server_new ();
  g_autoptr(KasirTestNetworkMonitor) monitor = kasir_test_network_monitor_new (TRUE);
  g_autoptr(KasirDatabase) db = sync_test_terminal_db (dir, "till.db", NULL);
  g_autoptr(KasirSyncService) service = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *code = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *init_out = NULL;
  const char *other_tls[] = { "--tls-cert", other_cert, "--tls-key", other_key, NULL };
  const char *shown;
  KasirSetupWindow *setup;
  KasirWindow *window;
  guint16 port;

  g_settings_set_boolean (settings, "setup-done", FALSE);
  g_settings_set_string (settings, "server-url", "");
  sync_test_server_start_tls (server, 0, NULL);
  g_assert_true (g_str_has_prefix (server->url, "https://"));
  port = server->port;
  first = g_strstrip (cli ("fingerprint", server->db_path));
  service = kasir_sync_service_new (db, G_NETWORK_MONITOR (monitor), &error);
  g_assert_no_error (error);
  g_object_set (service, "heartbeat-interval", 1, "sync-interval", 2, "request-timeout", 3, NULL);

  /* Enrolling over https:// shows the fingerprint the till pinned, the CLI's. */
  setup = g_object_ref_sink (kasir_setup_window_new (NULL, kasir_test_context (db, service, NULL), KASIR_SETUP_CHOOSE));
  gtk_window_present (GTK_WINDOW (setup));
  code = sync_test_server_enroll_code (server, 1);
  kasir_setup_window_connect (setup, server->url, code, "Till 9");
  g_assert_true (sync_test_wait_for (setup_synced, setup, 60));
  shown = kasir_setup_window_get_fingerprint_text (setup);
  g_assert_nonnull (shown);
  {
    g_autofree char *one_line = g_strdup (shown);

    g_strdelimit (one_line, "\n", ':');
    g_assert_cmpstr (one_line, ==, first);
  }
  kasir_test_render (GTK_WIDGET (setup), "setup-fingerprint.png");
  gtk_window_destroy (GTK_WINDOW (setup));
  g_object_unref (setup);

  add_staff (db, "Budi", "cashier", "1357");
  add_staff (db, "Dewi", "manager", "4821");
  window = kasir_window_new (get_application (), NULL);
  kasir_window_set_database (window, db);
  kasir_window_set_sync_service (window, service);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_false (trust_enabled (window));

  /* The server comes back with another certificate: the action turns on. */
  init_out = cli ("init", other_db);
  {
    g_autoptr(GTlsCertificate) cert = g_tls_certificate_new_from_file (other_cert, &error);

    g_assert_no_error (error);
    second = kasir_cert_pin_fingerprint (cert);
  }
  sync_test_server_stop (server);
  sync_test_server_start_tls (server, port, other_tls);
  kasir_sync_service_sync_now (service);
  g_assert_true (sync_test_wait_for (certificate_changed, service, 30));
  kasir_test_settle (50);
  g_assert_true (trust_enabled (window));

  /* A cashier's PIN does not do; a manager's asks to confirm, showing the new print. */
  gtk_widget_activate_action (GTK_WIDGET (window), "manager.trust-certificate", NULL);
  type_pin ("1357");
  g_assert_false (confirmation_shown (NULL));
  g_assert_true (kasir_sync_service_get_certificate_changed (service));
  type_pin ("4821");
  g_assert_true (sync_test_wait_for (confirmation_shown, NULL, 10));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (find_dialog (FALSE)), second));
  kasir_test_render (GTK_WIDGET (find_dialog (FALSE)), "trust-certificate.png");
  adw_message_dialog_response (find_dialog (FALSE), "trust");
  g_assert_true (sync_test_wait_for (certificate_trusted, service, 10));
  g_assert_cmpstr (kasir_sync_service_get_server_fingerprint (service), ==, second);
  g_assert_true (sync_test_wait_drained (service, 60));
  kasir_test_settle (50);
  g_assert_false (trust_enabled (window));

  kasir_sync_service_shutdown (service);
  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (100);
  sync_test_server_free (server);
  g_clear_object (&service);
  g_clear_object (&db);
  sync_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/Kasir/UiTls/enroll-and-trust", test_enroll_and_trust);

  status = g_test_run ();
  g_clear_object (&application);
  return status;
}
