/* kasir-shift-gate.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "kasir-setting-keys.h"
#include "kasir-settings-repository.h"
#include "kasir-shift-gate.h"
#include "kasir-shift-repository.h"

gboolean
kasir_shift_gate_required (KasirTillContext *context)
{
  KasirDatabase *db;
  g_autoptr(KasirSettingsRepository) settings = NULL;
  gint64 required = 1;

  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), TRUE);

  db = kasir_till_context_get_database (context);
  if (db == NULL)
    return TRUE;
  settings = kasir_settings_repository_new (db);
  if (!kasir_settings_repository_get_int64 (settings, KASIR_SETTING_SHIFT_REQUIRED, 1, &required, NULL))
    required = 1;
  return required != 0;
}

static void
on_response (AdwMessageDialog *dialog,
             const char       *response,
             GtkWidget        *window)
{
  if (g_strcmp0 (response, "open-shift") == 0)
    gtk_widget_activate_action (window, "till.shift", NULL);
}

gboolean
kasir_shift_gate_check (KasirTillContext *context,
                        GtkWidget        *widget)
{
  g_autoptr(KasirShift) open = NULL;
  g_autoptr(GError) error = NULL;
  GtkRoot *root;
  GtkWidget *dialog;

  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), FALSE);
  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  if (!kasir_shift_gate_required (context))
    return TRUE;
  /* The shift table, not the context, says whether one is open: a shift opened from
   * another window of this till counts as well. One indexed row: a quick read. */
  open = kasir_shift_repository_get_open (kasir_till_context_get_shift_repository (context), &error);
  if (open != NULL)
    {
      if (g_strcmp0 (kasir_till_context_get_shift_id (context), open->id) != 0)
        kasir_till_context_set_shift_id (context, open->id);
      return TRUE;
    }

  root = gtk_widget_get_root (widget);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Open a Shift First"),
                                   error != NULL ? error->message
                                   : _("Every sale is counted in a shift’s drawer. Open a "
                                       "shift with the cash in the drawer, then take the "
                                       "payment."));
  gtk_widget_set_name (dialog, "shift-required");
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "open-shift", _("_Open Shift…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open-shift",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "open-shift");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  if (GTK_IS_WINDOW (root))
    g_signal_connect_object (dialog, "response", G_CALLBACK (on_response), root, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return FALSE;
}
