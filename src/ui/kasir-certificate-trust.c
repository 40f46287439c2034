/* kasir-certificate-trust.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-certificate-trust.h"
#include "kasir-manager.h"

typedef struct
{
  KasirWindow      *window;   /* not owned: this lives as the window's data */
  KasirDatabase    *db;
  KasirSyncService *service;
  GSimpleAction    *action;
} Trust;

static void
trust_free (gpointer data)
{
  Trust *trust = data;

  g_signal_handlers_disconnect_by_data (trust->service, trust);
  g_clear_object (&trust->action);
  g_clear_object (&trust->service);
  g_clear_object (&trust->db);
  g_free (trust);
}

/* The window may be gone by the time an answer arrives: look the helper up again. */
static Trust *
trust_of (GtkWidget *window)
{
  return window != NULL ? g_object_get_data (G_OBJECT (window), "kasir-certificate-trust") : NULL;
}

static void
on_trusted (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GtkWidget) window = user_data;
  g_autoptr(GError) error = NULL;
  Trust *trust = trust_of (window);
  AdwToast *toast;

  if (!kasir_sync_service_trust_new_certificate_finish (KASIR_SYNC_SERVICE (source), result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The certificate was not trusted: %s"),
                                               error->message);
      toast = adw_toast_new (text);
    }
  else
    toast = adw_toast_new (_("The server’s new certificate is trusted; syncing again"));
  if (trust != NULL)
    kasir_window_add_toast (trust->window, toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
on_confirm_response (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  Trust *trust = trust_of (user_data);

  if (trust == NULL || !g_str_equal (response, "trust"))
    return;
  kasir_sync_service_trust_new_certificate_async (trust->service, NULL, on_trusted,
                                                  g_object_ref (trust->window));
}

static void
on_manager_pin (const KasirStaff *manager,
                gpointer          user_data)
{
  g_autoptr(GtkWidget) window = user_data;
  Trust *trust = trust_of (window);
  const char *old_fp, *new_fp;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (manager == NULL || trust == NULL)
    return;
  old_fp = kasir_sync_service_get_server_fingerprint (trust->service);
  new_fp = kasir_sync_service_get_offered_fingerprint (trust->service);
  if (new_fp == NULL)
    return;
  body = g_strdup_printf (_("Trust it only when whoever runs the server confirms that "
                            "“kasir-server fingerprint” prints the new fingerprint.\n\n"
                            "Trusted until now:\n%s\n\nNew:\n%s"),
                          old_fp != NULL ? old_fp : "—", new_fp);
  dialog = adw_message_dialog_new (GTK_WINDOW (window), _("Trust the New Certificate?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "trust", _("_Trust the New Certificate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "trust",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response), window, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
trust_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  Trust *trust = user_data;

  kasir_manager_ask_pin (GTK_WINDOW (trust->window), trust->db,
                         _("Enter a manager's PIN to trust the server's new certificate."),
                         on_manager_pin, g_object_ref (trust->window));
}

static void
on_certificate_changed (KasirSyncService *service,
                        GParamSpec       *pspec,
                        Trust            *trust)
{
  gboolean changed = kasir_sync_service_get_certificate_changed (service);
  AdwToast *toast;

  g_simple_action_set_enabled (trust->action, changed);
  if (!changed)
    return;
  toast = adw_toast_new (_("The server’s certificate has changed; nothing is sent until a "
                           "manager trusts it"));
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_button_label (toast, _("_Trust…"));
  adw_toast_set_action_name (toast, "certificate.trust");
  kasir_window_add_toast (trust->window, toast);
}

void
kasir_certificate_trust_install (KasirWindow      *window,
                                 KasirDatabase    *db,
                                 KasirSyncService *service)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  Trust *trust;

  g_return_if_fail (KASIR_IS_WINDOW (window));
  g_return_if_fail (KASIR_IS_DATABASE (db));
  g_return_if_fail (KASIR_IS_SYNC_SERVICE (service));

  trust = g_new0 (Trust, 1);
  trust->window = window;
  trust->db = g_object_ref (db);
  trust->service = g_object_ref (service);
  trust->action = g_simple_action_new ("trust", NULL);
  g_signal_connect (trust->action, "activate", G_CALLBACK (trust_action), trust);
  g_simple_action_set_enabled (trust->action, kasir_sync_service_get_certificate_changed (service));
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (trust->action));
  gtk_widget_insert_action_group (GTK_WIDGET (window), "certificate", G_ACTION_GROUP (group));
  /* Installing again (a new database) replaces the previous one. */
  g_object_set_data_full (G_OBJECT (window), "kasir-certificate-trust", trust, trust_free);
  g_signal_connect (service, "notify::certificate-changed", G_CALLBACK (on_certificate_changed),
                    trust);
}

gboolean
kasir_certificate_trust_is_offered (KasirWindow *window)
{
  Trust *trust;

  g_return_val_if_fail (KASIR_IS_WINDOW (window), FALSE);

  trust = trust_of (GTK_WIDGET (window));
  return trust != NULL && g_action_get_enabled (G_ACTION (trust->action));
}
