/* kasir-pin-dialog.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kasir-pin-dialog.h"
#include "kasir-pin-guard.h"

struct _KasirPinDialog
{
  AdwMessageDialog  parent_instance;

  GtkEditable      *entry;
  GtkLabel         *problem_label;
};

G_DEFINE_FINAL_TYPE (KasirPinDialog, kasir_pin_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* Enter in the PIN field answers "Continue"; destroying (not closing) the dialog keeps
 * it from also answering its close response.
 * GTK 4.8's password entry warns when it is torn down while it has the focus (its focus
 * handler looks up a parent that is already gone), so the focus leaves it first. */
static void
on_entry_activate (KasirPinDialog *self)
{
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), "unlock");
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
kasir_pin_dialog_close_request (GtkWindow *window)
{
  gtk_window_set_focus (window, NULL);
  return GTK_WINDOW_CLASS (kasir_pin_dialog_parent_class)->close_request (window);
}

static void
kasir_pin_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KASIR_TYPE_PIN_DIALOG);

  G_OBJECT_CLASS (kasir_pin_dialog_parent_class)->dispose (object);
}

static void
kasir_pin_dialog_class_init (KasirPinDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = kasir_pin_dialog_dispose;
  window_class->close_request = kasir_pin_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kasir-pin-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KasirPinDialog, entry);
  gtk_widget_class_bind_template_child (widget_class, KasirPinDialog, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
}

static void
kasir_pin_dialog_init (KasirPinDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

KasirPinDialog *
kasir_pin_dialog_new (GtkWindow  *parent,
                      const char *reason,
                      const char *problem)
{
  KasirPinDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (KASIR_TYPE_PIN_DIALOG,
                       "transient-for", parent,
                       "body", reason,
                       NULL);
  gtk_label_set_text (self->problem_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
  return self;
}

const char *
kasir_pin_dialog_get_pin (KasirPinDialog *self)
{
  g_return_val_if_fail (KASIR_IS_PIN_DIALOG (self), NULL);

  return gtk_editable_get_text (self->entry);
}

/* ---- Asking for a manager (or a supervisor, where the roles allow) ---- */

/* One request for a PIN; it outlives its dialogs, because a wrong PIN closes the dialog
 * (message dialogs close on every response) and opens a new one that says why. */
typedef struct
{
  KasirPinGuard    *guard;
  KasirApproveKind  kind;
  GtkWindow        *parent;
  char             *reason;
  KasirPinCallback  callback;
  gpointer          user_data;
} PinPrompt;

static void pin_prompt_show (PinPrompt  *prompt,
                             const char *problem);

static void
pin_prompt_finish (PinPrompt        *prompt,
                   const KasirStaff *manager)
{
  prompt->callback (manager, prompt->user_data);
  g_clear_object (&prompt->guard);
  g_clear_weak_pointer (&prompt->parent);
  g_free (prompt->reason);
  g_free (prompt);
}

static void
on_pin_verified (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PinPrompt *prompt = user_data;
  g_autoptr(KasirStaff) staff = NULL;
  g_autoptr(GError) error = NULL;

  staff = kasir_pin_guard_verify_finish (KASIR_PIN_GUARD (source), result, &error);
  if (staff == NULL)
    pin_prompt_show (prompt, error->message);
  else if (!kasir_role_may_approve (staff->role, prompt->kind))
    pin_prompt_show (prompt, kasir_role_may_approve ("supervisor", prompt->kind)
                               ? _("Only a supervisor or a manager may do this.")
                               : _("Only a manager may do this."));
  else
    pin_prompt_finish (prompt, staff);
}

static void
on_pin_response (KasirPinDialog *dialog,
                 const char     *response,
                 PinPrompt      *prompt)
{
  g_autofree char *pin = NULL;

  if (!g_str_equal (response, "unlock"))
    {
      pin_prompt_finish (prompt, NULL);
      return;
    }
  pin = g_strdup (kasir_pin_dialog_get_pin (dialog));
  kasir_pin_guard_verify_async (prompt->guard, pin, NULL, on_pin_verified, prompt);
  /* The PIN is a secret: leave no copy of it behind. */
  memset (pin, 0, strlen (pin));
}

static void
pin_prompt_show (PinPrompt  *prompt,
                 const char *problem)
{
  KasirPinDialog *dialog = kasir_pin_dialog_new (prompt->parent, prompt->reason, problem);

  g_signal_connect (dialog, "response", G_CALLBACK (on_pin_response), prompt);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (GTK_WIDGET (dialog->entry));
}

void
kasir_pin_dialog_ask_manager (GtkWindow        *parent,
                              KasirDatabase    *db,
                              const char       *reason,
                              KasirPinCallback  callback,
                              gpointer          user_data)
{
  kasir_pin_dialog_ask_approver (parent, db, KASIR_APPROVE_TOOLS, reason, callback, user_data);
}

void
kasir_pin_dialog_ask_approver (GtkWindow        *parent,
                               KasirDatabase    *db,
                               KasirApproveKind  kind,
                               const char       *reason,
                               KasirPinCallback  callback,
                               gpointer          user_data)
{
  PinPrompt *prompt;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (KASIR_IS_DATABASE (db));
  g_return_if_fail (callback != NULL);

  prompt = g_new0 (PinPrompt, 1);
  prompt->guard = kasir_pin_guard_new_for_approval (db, kind);
  prompt->kind = kind;
  g_set_weak_pointer (&prompt->parent, parent);
  prompt->reason = g_strdup (reason);
  prompt->callback = callback;
  prompt->user_data = user_data;
  pin_prompt_show (prompt, NULL);
}
