/* kasir-catalog-import-dialog.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "kasir-catalog-import-dialog.h"
#include "kasir-input-error.h"
#include "kasir-sync-state-repository.h"

#define PREVIEW_ROWS 5

struct _KasirCatalogImportDialog
{
  KasirTillDialog      parent_instance;

  KasirCatalogImport  *import;     /* NULL while an import runs: the worker has it */
  GCancellable        *cancellable; /* cancelled when the dialog closes */
  char                *problems;
  AdwComboRow         *field_rows[KASIR_IMPORT_N_FIELDS];
  gboolean             filling;
  gboolean             loading;    /* a file is being read */
  gint64               staff_id;   /* the approving manager */

  AdwPreferencesGroup *preview_group;
  GtkGrid             *preview_grid;
  AdwPreferencesGroup *mapping_group;
  GtkLabel            *result_label;
  GtkLabel            *server_label;
  GtkWidget           *import_button;
};

G_DEFINE_FINAL_TYPE (KasirCatalogImportDialog, kasir_catalog_import_dialog, KASIR_TYPE_TILL_DIALOG)

enum {
  IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_result (KasirCatalogImportDialog *self,
             const char               *text,
             gboolean                  is_error)
{
  gtk_label_set_text (self->result_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->result_label), text != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->result_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->result_label), "error");
}

static GtkWidget *
cell_label (const char *text,
            gboolean    header)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  if (header)
    gtk_widget_add_css_class (label, "heading");
  return label;
}

static void
show_preview (KasirCatalogImportDialog *self)
{
  const char * const *columns = kasir_catalog_import_get_columns (self->import);
  guint n_rows = MIN (PREVIEW_ROWS, kasir_catalog_import_get_n_rows (self->import));
  g_autofree char *description = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->preview_grid))) != NULL)
    gtk_grid_remove (self->preview_grid, child);
  for (guint c = 0; columns[c] != NULL; c++)
    gtk_grid_attach (self->preview_grid, cell_label (columns[c], TRUE), (int) c, 0, 1, 1);
  for (guint r = 0; r < n_rows; r++)
    {
      const char * const *row = kasir_catalog_import_get_row (self->import, r);

      for (guint c = 0; row[c] != NULL && columns[c] != NULL; c++)
        gtk_grid_attach (self->preview_grid, cell_label (row[c], FALSE), (int) c, (int) r + 1, 1, 1);
    }
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u product row in the file",
                                              "%u product rows in the file",
                                              kasir_catalog_import_get_n_rows (self->import)),
                                 kasir_catalog_import_get_n_rows (self->import));
  adw_preferences_group_set_description (self->preview_group, description);
}

static void
on_mapping_changed (KasirCatalogImportDialog *self)
{
  if (self->filling || self->import == NULL)
    return;
  for (guint f = 0; f < KASIR_IMPORT_N_FIELDS; f++)
    kasir_catalog_import_set_mapping (self->import, f,
                                      (int) adw_combo_row_get_selected (self->field_rows[f]) - 1);
}

static void
show_mapping (KasirCatalogImportDialog *self)
{
  const char * const *columns = kasir_catalog_import_get_columns (self->import);

  self->filling = TRUE;
  for (guint f = 0; f < KASIR_IMPORT_N_FIELDS; f++)
    {
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

      gtk_string_list_append (names, kasir_import_field_required (f) ? _("(choose a column)")
                                                                     : _("(not in the file)"));
      for (guint c = 0; columns[c] != NULL; c++)
        gtk_string_list_append (names, *columns[c] != '\0' ? columns[c] : _("(no name)"));
      adw_combo_row_set_model (self->field_rows[f], G_LIST_MODEL (names));
      adw_combo_row_set_selected (self->field_rows[f],
                                  (guint) (kasir_catalog_import_get_mapping (self->import, f) + 1));
    }
  self->filling = FALSE;
}

/* Reading and parsing a file of up to 50 MB takes long enough to be felt: it runs on a
 * worker thread, and the parsed file comes back to the dialog at the end. */
static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  KasirCatalogImport *import = kasir_catalog_import_new_for_file (task_data, &error);

  if (import == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, import, (GDestroyNotify) kasir_catalog_import_free);
}

static void set_busy (KasirCatalogImportDialog *self,
                      gboolean                  busy,
                      const char               *doing);

void
kasir_catalog_import_dialog_load_file_async (KasirCatalogImportDialog *self,
                                             GFile                    *file,
                                             GAsyncReadyCallback       callback,
                                             gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KASIR_IS_CATALOG_IMPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, self->cancellable, callback, user_data);
  g_task_set_source_tag (task, kasir_catalog_import_dialog_load_file_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  self->loading = TRUE;
  set_busy (self, TRUE, _("Reading the file…"));
  g_task_run_in_thread (task, load_thread);
}

gboolean
kasir_catalog_import_dialog_load_file_finish (KasirCatalogImportDialog  *self,
                                              GAsyncResult              *result,
                                              GError                   **error)
{
  g_autoptr(GError) local_error = NULL;
  KasirCatalogImport *import;

  g_return_val_if_fail (KASIR_IS_CATALOG_IMPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  import = g_task_propagate_pointer (G_TASK (result), &local_error);
  /* The dialog closed meanwhile: nothing to show. */
  if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_pointer (&import, kasir_catalog_import_free);
      if (local_error == NULL)
        g_set_error_literal (&local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The dialog was closed"));
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  self->loading = FALSE;
  if (import == NULL)
    {
      set_busy (self, FALSE, NULL);
      show_result (self, local_error->message, TRUE);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_clear_pointer (&self->import, kasir_catalog_import_free);
  self->import = import;
  show_preview (self);
  show_mapping (self);
  set_busy (self, FALSE, NULL);
  show_result (self, NULL, FALSE);
  return TRUE;
}

void
kasir_catalog_import_dialog_map (KasirCatalogImportDialog *self,
                                 KasirImportField          field,
                                 int                       column)
{
  g_return_if_fail (KASIR_IS_CATALOG_IMPORT_DIALOG (self));
  g_return_if_fail (field < KASIR_IMPORT_N_FIELDS);

  adw_combo_row_set_selected (self->field_rows[field], (guint) (column + 1));
}

/* The import runs on a worker thread with its own connection; the parsed file travels
 * with it and comes back at the end, so the dialog never reads or frees it meanwhile. */
typedef struct
{
  KasirDatabase      *connection;
  KasirCatalogImport *import;
  gint64              staff_id;
  KasirImportSummary  summary;
  GPtrArray          *problems;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_clear_object (&job->connection);
  g_clear_pointer (&job->import, kasir_catalog_import_free);
  g_clear_pointer (&job->problems, g_ptr_array_unref);
  g_free (job);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportJob *job = task_data;
  GError *error = NULL;
  gint64 written;

  written = kasir_catalog_import_apply (job->import, job->connection, job->staff_id, &job->summary,
                                        &job->problems, &error);
  if (written < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, written);
}

/* While a file is read or an import runs, nothing else can be started. @doing: what is
 * said meanwhile. */
static void
set_busy (KasirCatalogImportDialog *self,
          gboolean                  busy,
          const char               *doing)
{
  gtk_widget_set_sensitive (self->import_button, !busy && self->import != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->mapping_group), !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.choose", !busy);
  if (busy)
    show_result (self, doing, FALSE);
}

void
kasir_catalog_import_dialog_import_async (KasirCatalogImportDialog *self,
                                          GAsyncReadyCallback       callback,
                                          gpointer                  user_data)
{
  KasirDatabase *db = kasir_till_context_get_database (kasir_till_dialog_get_context (KASIR_TILL_DIALOG (self)));
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  ImportJob *job;

  g_return_if_fail (KASIR_IS_CATALOG_IMPORT_DIALOG (self));

  task = g_task_new (self, self->cancellable, callback, user_data);
  g_task_set_source_tag (task, kasir_catalog_import_dialog_import_async);
  g_clear_pointer (&self->problems, g_free);
  if (self->import == NULL || self->loading)
    {
      g_task_return_new_error (task, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE, _("Choose a file first"));
      return;
    }
  job = g_new0 (ImportJob, 1);
  job->staff_id = self->staff_id;
  job->connection = kasir_database_open_connection (db, &error);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  if (job->connection == NULL)
    {
      show_result (self, error->message, TRUE);
      g_task_return_error (task, error);
      return;
    }
  set_busy (self, TRUE, _("Checking and importing the products…"));
  job->import = g_steal_pointer (&self->import);
  g_task_run_in_thread (task, import_thread);
}

/* "12 new products, 3 changed, 5 unchanged: …" for an import on an enrolled till. */
static char *
queued_text (const KasirImportSummary *summary)
{
  g_autofree char *added = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new product",
                                                         "%u new products", summary->added),
                                            summary->added);
  /* TRANSLATORS: products an import changes, as in "12 new products, 3 changed". */
  g_autofree char *changed = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u changed", "%u changed",
                                                           summary->changed),
                                              summary->changed);
  /* TRANSLATORS: products the file holds as they are already, as in "5 unchanged". */
  g_autofree char *unchanged = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u unchanged", "%u unchanged",
                                                             summary->unchanged),
                                                summary->unchanged);

  if (summary->added + summary->changed == 0)
    /* TRANSLATORS: %s is "5 unchanged". */
    return g_strdup_printf (_("Nothing to change (%s): nothing was sent"), unchanged);
  /* TRANSLATORS: "12 new products, 3 changed, 5 unchanged: they will reach the server
   * with the next sync; until then they are shown as waiting". */
  return g_strdup_printf (_("%s, %s, %s: they will reach the server with the next sync, and show as "
                            "waiting until then"), added, changed, unchanged);
}

gint64
kasir_catalog_import_dialog_import_finish (KasirCatalogImportDialog  *self,
                                           GAsyncResult              *result,
                                           GError                   **error)
{
  ImportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) text = NULL;
  g_autofree char *done = NULL;
  gint64 written;

  g_return_val_if_fail (KASIR_IS_CATALOG_IMPORT_DIALOG (self), -1);
  g_return_val_if_fail (g_task_is_valid (result, self), -1);

  written = g_task_propagate_int (G_TASK (result), &local_error);
  /* The dialog closed meanwhile: nothing to show, the file goes with the job. */
  if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return -1;
        }
      return written;
    }
  if (job != NULL && job->import != NULL)
    {
      self->import = g_steal_pointer (&job->import);
      set_busy (self, FALSE, NULL);
    }
  if (local_error != NULL)
    {
      g_autoptr(GString) lines = g_string_new (NULL);

      for (guint i = 0; job != NULL && job->problems != NULL && i < job->problems->len; i++)
        g_string_append_printf (lines, "%s%s", i > 0 ? "\n" : "", (const char *) job->problems->pdata[i]);
      self->problems = g_strdup (lines->str);
      text = g_string_new (local_error->message);
      if (lines->len > 0)
        g_string_append_printf (text, "\n%s", lines->str);
      show_result (self, text->str, TRUE);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return -1;
    }
  if (job->summary.queued)
    done = queued_text (&job->summary);
  else
    done = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " product imported",
                                         "%" PRId64 " products imported", (gulong) written),
                            written);
  show_result (self, done, FALSE);
  g_signal_emit (self, signals[IMPORTED], 0, written);
  return written;
}

static void
on_imported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Any error is shown in the dialog already. */
  kasir_catalog_import_dialog_import_finish (KASIR_CATALOG_IMPORT_DIALOG (source), result, &error);
}

char *
kasir_catalog_import_dialog_get_problems (KasirCatalogImportDialog *self)
{
  g_return_val_if_fail (KASIR_IS_CATALOG_IMPORT_DIALOG (self), NULL);
  return g_strdup (self->problems != NULL ? self->problems : "");
}

static void
on_import_clicked (KasirCatalogImportDialog *self)
{
  kasir_catalog_import_dialog_import_async (self, on_imported, NULL);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Any error is shown in the dialog already. */
  kasir_catalog_import_dialog_load_file_finish (KASIR_CATALOG_IMPORT_DIALOG (source), result, &error);
}

static void
on_file_chosen (GtkNativeDialog          *chooser,
                int                       response,
                KasirCatalogImportDialog *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    kasir_catalog_import_dialog_load_file_async (self, file, on_loaded, NULL);
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Choose a Product File"), GTK_WINDOW (widget),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_file_chosen), widget, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

const char *
kasir_catalog_import_dialog_get_server_note (KasirCatalogImportDialog *self)
{
  g_return_val_if_fail (KASIR_IS_CATALOG_IMPORT_DIALOG (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->server_label)) ? gtk_label_get_text (self->server_label) : "";
}

const char *
kasir_catalog_import_dialog_get_result (KasirCatalogImportDialog *self)
{
  g_return_val_if_fail (KASIR_IS_CATALOG_IMPORT_DIALOG (self), NULL);
  return gtk_label_get_text (self->result_label);
}

KasirCatalogImportDialog *
kasir_catalog_import_dialog_new (GtkWindow        *parent,
                                 KasirTillContext *context,
                                 gint64            staff_id)
{
  g_autoptr(KasirSyncStateRepository) state_repo = NULL;
  g_autoptr(KasirSyncState) state = NULL;
  KasirCatalogImportDialog *self;

  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), NULL);
  g_return_val_if_fail (kasir_till_context_get_database (context) != NULL, NULL);

  self = g_object_new (KASIR_TYPE_CATALOG_IMPORT_DIALOG,
                       "transient-for", parent,
                       "context", context,
                       NULL);
  self->staff_id = staff_id;
  state_repo = kasir_sync_state_repository_new (kasir_till_context_get_database (context));
  state = kasir_sync_state_repository_load (state_repo, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->server_label), state != NULL && state->outlet_id > 0);

  return self;
}

static void
kasir_catalog_import_dialog_dispose (GObject *object)
{
  KasirCatalogImportDialog *self = KASIR_CATALOG_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->import, kasir_catalog_import_free);
  g_clear_pointer (&self->problems, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), KASIR_TYPE_CATALOG_IMPORT_DIALOG);

  G_OBJECT_CLASS (kasir_catalog_import_dialog_parent_class)->dispose (object);
}

static void
kasir_catalog_import_dialog_class_init (KasirCatalogImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kasir_catalog_import_dialog_dispose;

  /* "imported" (gint64 count): products were written. */
  signals[IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kasir-catalog-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KasirCatalogImportDialog, preview_group);
  gtk_widget_class_bind_template_child (widget_class, KasirCatalogImportDialog, preview_grid);
  gtk_widget_class_bind_template_child (widget_class, KasirCatalogImportDialog, mapping_group);
  gtk_widget_class_bind_template_child (widget_class, KasirCatalogImportDialog, result_label);
  gtk_widget_class_bind_template_child (widget_class, KasirCatalogImportDialog, server_label);
  gtk_widget_class_bind_template_child (widget_class, KasirCatalogImportDialog, import_button);
  gtk_widget_class_bind_template_callback (widget_class, on_import_clicked);
  gtk_widget_class_install_action (widget_class, "import.choose", NULL, choose_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "import.choose", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kasir_catalog_import_dialog_init (KasirCatalogImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  for (guint f = 0; f < KASIR_IMPORT_N_FIELDS; f++)
    {
      AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kasir_import_field_label (f));
      g_signal_connect_object (row, "notify::selected", G_CALLBACK (on_mapping_changed), self,
                               G_CONNECT_SWAPPED);
      adw_preferences_group_add (self->mapping_group, GTK_WIDGET (row));
      self->field_rows[f] = row;
    }
}
