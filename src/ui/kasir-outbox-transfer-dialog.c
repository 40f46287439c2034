/* kasir-outbox-transfer-dialog.c — carrying unsent changes to the server by hand.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "kasir-ui-format.h"
#include "kasir-outbox-export.h"
#include "kasir-outbox-repository.h"
#include "kasir-outbox-transfer.h"
#include "kasir-outbox-transfer-dialog.h"

struct _KasirOutboxTransferDialog
{
  KasirTillDialog          parent_instance;

  KasirDatabase           *db;
  KasirOutboxTransferMode  mode;
  char                    *import_path;
  char                    *document;      /* the opened file's signed document */
  char                    *till_name;     /* the till that exported it */
  GCancellable            *cancellable;

  AdwWindowTitle          *window_title;
  GtkStack                *stack;
  AdwPreferencesGroup     *export_group;
  AdwPasswordEntryRow     *export_pass;
  AdwPasswordEntryRow     *export_again;
  AdwActionRow            *file_row;
  AdwPasswordEntryRow     *import_pass;
  GtkWidget               *upload_button;
  GtkWidget               *open_button;
  GtkWidget               *export_button;
  GtkLabel                *status_label;
};

G_DEFINE_FINAL_TYPE (KasirOutboxTransferDialog, kasir_outbox_transfer_dialog, KASIR_TYPE_TILL_DIALOG)

enum {
  UPLOAD_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_status (KasirOutboxTransferDialog *self,
            const char                *text,
            gboolean                   problem)
{
  gtk_label_set_text (self->status_label, text);
  if (problem)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

/* The exporting till by the name its people know, or by its number for an export made
 * before exports carried names. */
static char *
bundle_till_name (const KasirOutboxBundle *bundle)
{
  if (bundle->terminal_name != NULL && *bundle->terminal_name != '\0')
    return g_strdup (bundle->terminal_name);
  /* Translators: a till named by its number on the server, as in "Till 3". */
  return g_strdup_printf (_("Till %" PRId64), bundle->terminal_id);
}

const char *
kasir_outbox_transfer_dialog_get_status (KasirOutboxTransferDialog *self)
{
  g_return_val_if_fail (KASIR_IS_OUTBOX_TRANSFER_DIALOG (self), NULL);
  return gtk_label_get_text (self->status_label);
}

void
kasir_outbox_transfer_dialog_set_passphrases (KasirOutboxTransferDialog *self,
                                              const char                *passphrase,
                                              const char                *again)
{
  g_return_if_fail (KASIR_IS_OUTBOX_TRANSFER_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->export_pass), passphrase);
  gtk_editable_set_text (GTK_EDITABLE (self->export_again), again != NULL ? again : passphrase);
  gtk_editable_set_text (GTK_EDITABLE (self->import_pass), passphrase);
}

/* Checks the two passphrases before a file is chosen, so a typo costs nothing. */
static gboolean
check_passphrases (KasirOutboxTransferDialog  *self,
                   GError                    **error)
{
  const char *pass = gtk_editable_get_text (GTK_EDITABLE (self->export_pass));
  const char *again = gtk_editable_get_text (GTK_EDITABLE (self->export_again));

  if (g_utf8_strlen (pass, -1) < KASIR_OUTBOX_BUNDLE_MIN_PASSPHRASE)
    {
      g_set_error (error, KASIR_OUTBOX_BUNDLE_ERROR, KASIR_OUTBOX_BUNDLE_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The passphrase must have at least %d character.",
                                "The passphrase must have at least %d characters.",
                                KASIR_OUTBOX_BUNDLE_MIN_PASSPHRASE),
                   KASIR_OUTBOX_BUNDLE_MIN_PASSPHRASE);
      return FALSE;
    }
  if (!g_str_equal (pass, again))
    {
      g_set_error_literal (error, KASIR_OUTBOX_BUNDLE_ERROR, KASIR_OUTBOX_BUNDLE_ERROR_INVALID,
                           _("The two passphrases differ."));
      return FALSE;
    }
  return TRUE;
}

gboolean
kasir_outbox_transfer_dialog_export_to (KasirOutboxTransferDialog  *self,
                                        const char                 *path,
                                        GError                    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  guint count = 0;

  g_return_val_if_fail (KASIR_IS_OUTBOX_TRANSFER_DIALOG (self), FALSE);

  name = g_settings_get_string (kasir_till_context_get_settings (kasir_till_dialog_get_context (KASIR_TILL_DIALOG (self))), "terminal-name");
  if (!check_passphrases (self, &local_error) ||
      !kasir_outbox_export_write_file (self->db, path, name,
                                       gtk_editable_get_text (GTK_EDITABLE (self->export_pass)),
                                       &count, &local_error))
    {
      set_status (self, local_error->message, TRUE);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u change to %s.",
                                       "Exported %u changes to %s.", count), count, path);
  set_status (self, text, FALSE);
  return TRUE;
}

static void
on_export_chosen (GtkNativeDialog           *chooser,
                  int                        response,
                  KasirOutboxTransferDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        kasir_outbox_transfer_dialog_export_to (self, path, NULL);
    }
  g_object_unref (chooser);
}

static void
on_export_clicked (KasirOutboxTransferDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = g_date_time_format (now, "kasir-outbox-%Y%m%d-%H%M.kasir-outbox");
  GtkFileChooserNative *chooser;

  if (!check_passphrases (self, &error))
    {
      set_status (self, error->message, TRUE);
      return;
    }
  chooser = gtk_file_chooser_native_new (_("Export Unsent Changes"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

gboolean
kasir_outbox_transfer_dialog_open_file (KasirOutboxTransferDialog  *self,
                                        const char                 *path,
                                        GError                    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirOutboxBundle) bundle = NULL;
  g_autofree char *when = NULL;
  g_autofree char *till = NULL;
  g_autofree char *text = NULL;
  char *document;

  g_return_val_if_fail (KASIR_IS_OUTBOX_TRANSFER_DIALOG (self), FALSE);

  g_free (self->import_path);
  self->import_path = g_strdup (path);
  adw_action_row_set_subtitle (self->file_row, path);
  g_clear_pointer (&self->document, g_free);
  gtk_widget_set_sensitive (self->upload_button, FALSE);

  document = kasir_outbox_export_read_file (self->db, path,
                                            gtk_editable_get_text (GTK_EDITABLE (self->import_pass)),
                                            &bundle, &local_error);
  if (document == NULL)
    {
      set_status (self, local_error->message, TRUE);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  self->document = document;
  when = kasir_ui_format_time (bundle->exported_at);
  till = bundle_till_name (bundle);
  g_free (self->till_name);
  self->till_name = g_strdup (till);
  /* TRANSLATORS: "12 changes from Till 3, exported 2 Dec 2026 08:15. Upload them?" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u change from %s, exported %s. Upload it?",
                                       "%u changes from %s, exported %s. Upload them?",
                                       bundle->mutations->len),
                          bundle->mutations->len, till, when);
  set_status (self, text, FALSE);
  gtk_widget_set_sensitive (self->upload_button, TRUE);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->upload_button);
  return TRUE;
}

static void
on_import_chosen (GtkNativeDialog           *chooser,
                  int                        response,
                  KasirOutboxTransferDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      g_free (self->import_path);
      self->import_path = g_file_get_path (file);
      adw_action_row_set_subtitle (self->file_row, self->import_path != NULL ? self->import_path : "");
      gtk_widget_grab_focus (GTK_WIDGET (self->import_pass));
    }
  g_object_unref (chooser);
}

static void
on_choose_clicked (KasirOutboxTransferDialog *self)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Open an Export"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_import_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_open_clicked (KasirOutboxTransferDialog *self)
{
  if (self->import_path == NULL)
    {
      set_status (self, _("Choose a file first."), TRUE);
      return;
    }
  kasir_outbox_transfer_dialog_open_file (self, self->import_path, NULL);
}

static void
on_uploaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(KasirOutboxTransferDialog) self = user_data;
  g_autoptr(KasirPushResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint rejected = 0;

  response = kasir_outbox_transfer_upload_finish (result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_sensitive (self->open_button, TRUE);
  if (response == NULL)
    {
      set_status (self, error->message, TRUE);
      gtk_widget_set_sensitive (self->upload_button, TRUE);
    }
  else
    {
      for (guint i = 0; i < response->results->len; i++)
        if (((KasirPushResult *) response->results->pdata[i])->status == KASIR_RESULT_REJECTED)
          rejected++;
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The server answered %u change of %s"
                                           " (%u refused). The file is no longer needed.",
                                           "The server answered %u changes of %s"
                                           " (%u refused). The file is no longer needed.",
                                           response->results->len),
                              response->results->len, self->till_name, rejected);
      set_status (self, text, rejected > 0);
      g_clear_pointer (&self->document, g_free);
    }
  g_signal_emit (self, signals[UPLOAD_DONE], 0, response != NULL);
}

void
kasir_outbox_transfer_dialog_upload (KasirOutboxTransferDialog *self)
{
  g_return_if_fail (KASIR_IS_OUTBOX_TRANSFER_DIALOG (self));

  if (self->document == NULL)
    {
      set_status (self, _("Open a file first."), TRUE);
      return;
    }
  gtk_widget_set_sensitive (self->upload_button, FALSE);
  gtk_widget_set_sensitive (self->open_button, FALSE);
  set_status (self, _("Uploading…"), FALSE);
  kasir_outbox_transfer_upload_async (self->db, self->document, self->cancellable, on_uploaded,
                                      g_object_ref (self));
}

KasirOutboxTransferDialog *
kasir_outbox_transfer_dialog_new (GtkWindow               *parent,
                                  KasirTillContext        *context,
                                  KasirOutboxTransferMode  mode)
{
  KasirOutboxTransferDialog *self;
  KasirDatabase *db;

  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), NULL);
  g_return_val_if_fail (kasir_till_context_get_database (context) != NULL, NULL);

  db = kasir_till_context_get_database (context);
  self = g_object_new (KASIR_TYPE_OUTBOX_TRANSFER_DIALOG,
                       "transient-for", parent,
                       "context", context,
                       NULL);
  self->db = g_object_ref (db);
  self->mode = mode;
  if (mode == KASIR_OUTBOX_TRANSFER_EXPORT)
    {
      g_autoptr(KasirOutboxRepository) outbox = kasir_outbox_repository_new (db);
      g_autofree char *count_text = NULL;
      gint64 unsent = 0;

      gtk_window_set_title (GTK_WINDOW (self), _("Export Unsent Changes"));
      adw_window_title_set_title (self->window_title, _("Export Unsent Changes"));
      gtk_stack_set_visible_child_name (self->stack, "export");
      kasir_outbox_repository_count_unsent (outbox, &unsent, NULL);
      count_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%" PRId64 " change has not been sent.",
                                                 "%" PRId64 " changes have not been sent.",
                                                 unsent), unsent);
      adw_window_title_set_subtitle (self->window_title, count_text);
      {
        g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "Passphrase (at least %d character)",
                                                               "Passphrase (at least %d characters)",
                                                               KASIR_OUTBOX_BUNDLE_MIN_PASSPHRASE),
                                                  KASIR_OUTBOX_BUNDLE_MIN_PASSPHRASE);

        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->export_pass), title);
      }
      gtk_window_set_default_widget (GTK_WINDOW (self), self->export_button);
      gtk_widget_grab_focus (GTK_WIDGET (self->export_pass));
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Import Another Till's Changes"));
      adw_window_title_set_title (self->window_title, _("Import Another Till's Changes"));
      gtk_stack_set_visible_child_name (self->stack, "import");
      gtk_window_set_default_widget (GTK_WINDOW (self), self->open_button);
    }
  return self;
}

static void
kasir_outbox_transfer_dialog_dispose (GObject *object)
{
  KasirOutboxTransferDialog *self = KASIR_OUTBOX_TRANSFER_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->db);
  gtk_widget_dispose_template (GTK_WIDGET (self), KASIR_TYPE_OUTBOX_TRANSFER_DIALOG);

  G_OBJECT_CLASS (kasir_outbox_transfer_dialog_parent_class)->dispose (object);
}

static void
kasir_outbox_transfer_dialog_finalize (GObject *object)
{
  KasirOutboxTransferDialog *self = KASIR_OUTBOX_TRANSFER_DIALOG (object);

  g_free (self->import_path);
  g_free (self->document);
  g_free (self->till_name);

  G_OBJECT_CLASS (kasir_outbox_transfer_dialog_parent_class)->finalize (object);
}

static void
kasir_outbox_transfer_dialog_class_init (KasirOutboxTransferDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kasir_outbox_transfer_dialog_dispose;
  object_class->finalize = kasir_outbox_transfer_dialog_finalize;

  /* The argument says whether the server answered. */
  signals[UPLOAD_DONE] =
    g_signal_new ("upload-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/kasir-outbox-transfer-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KasirOutboxTransferDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, KasirOutboxTransferDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, KasirOutboxTransferDialog, export_group);
  gtk_widget_class_bind_template_child (widget_class, KasirOutboxTransferDialog, export_pass);
  gtk_widget_class_bind_template_child (widget_class, KasirOutboxTransferDialog, export_again);
  gtk_widget_class_bind_template_child (widget_class, KasirOutboxTransferDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, KasirOutboxTransferDialog, import_pass);
  gtk_widget_class_bind_template_child (widget_class, KasirOutboxTransferDialog, upload_button);
  gtk_widget_class_bind_template_child (widget_class, KasirOutboxTransferDialog, open_button);
  gtk_widget_class_bind_template_child (widget_class, KasirOutboxTransferDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, KasirOutboxTransferDialog, status_label);
  gtk_widget_class_bind_template_callback (widget_class, on_export_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_open_clicked);
  gtk_widget_class_bind_template_callback (widget_class, kasir_outbox_transfer_dialog_upload);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kasir_outbox_transfer_dialog_init (KasirOutboxTransferDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}
