/* kasir-conflict-window.c — the manager's conflict review and its history.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kasir-conflict-repository.h"
#include "kasir-conflict-window.h"
#include "kasir-ui-format.h"
#include "kasir-text-row.h"

#define LIST_LIMIT 500

struct _KasirConflictWindow
{
  KasirTillDialog          parent_instance;

  KasirDatabase           *db;
  KasirSyncService        *service;
  KasirConflictRepository *repo;
  gint64                   staff_id;
  char                    *currency;
  int                      status;
  int                      kind;
  GListStore              *rows;
  GListStore              *history;
  GtkSingleSelection      *selection;
  gboolean                 reloading;

  AdwToastOverlay         *toasts;
  AdwViewStack            *stack;
  GtkDropDown             *status_filter;
  GtkDropDown             *kind_filter;
  GtkColumnView           *list_view;
  GtkColumnView           *history_view;
  KasirConflictDetailView *detail;
};

G_DEFINE_FINAL_TYPE (KasirConflictWindow, kasir_conflict_window, KASIR_TYPE_TILL_DIALOG)

/* The drop-downs' positions, in order; position 0 is "any". */
static const int status_choices[] = {
  -1, KASIR_CONFLICT_OPEN, KASIR_CONFLICT_RESOLVED, KASIR_CONFLICT_RESOLVED_BY_RULE,
};
static const int kind_choices[] = {
  -1, KASIR_CONFLICT_STOCK_SHORTAGE, KASIR_CONFLICT_LOYALTY_OVERSPENT,
  KASIR_CONFLICT_CONCURRENT_EDIT, KASIR_CONFLICT_PRICE_CHANGED,
  KASIR_CONFLICT_PRODUCT_ARCHIVED, KASIR_CONFLICT_SHIFT_CLOSED, KASIR_CONFLICT_UNKNOWN_REFERENCE,
  KASIR_CONFLICT_REFUNDED_TWICE,
  KASIR_CONFLICT_DUPLICATE_CODE, KASIR_CONFLICT_ORDER_PAID_TWICE,
};

static const char *
row_style (const KasirConflictEntry *entry)
{
  switch (entry->local_state)
    {
    case KASIR_LOCAL_RESOLUTION_PENDING:
      return "accent";
    case KASIR_LOCAL_RESOLUTION_APPLIED:
      return "success";
    case KASIR_LOCAL_RESOLUTION_ALREADY_RESOLVED:
    case KASIR_LOCAL_RESOLUTION_REJECTED:
      return "warning";
    case KASIR_LOCAL_RESOLUTION_NONE:
    default:
      return entry->conflict->status == KASIR_CONFLICT_OPEN ? NULL : "dim-label";
    }
}

static KasirTextRow *
review_row (KasirConflictWindow      *self,
            const KasirConflictEntry *entry)
{
  g_autofree char *when = kasir_ui_format_time (entry->conflict->created_at);
  g_autofree char *terminal = kasir_conflict_entry_terminal_text (entry);
  g_autofree char *amount = kasir_conflict_entry_amount_text (entry, self->currency);
  g_autofree char *status = kasir_conflict_entry_state_text (entry);
  const char *cells[7];

  cells[KASIR_CONFLICT_COLUMN_WHEN] = when;
  cells[KASIR_CONFLICT_COLUMN_TERMINAL] = terminal;
  cells[KASIR_CONFLICT_COLUMN_KIND] = kasir_conflict_title (entry->conflict);
  cells[KASIR_CONFLICT_COLUMN_WHAT] = entry->what != NULL ? entry->what : "";
  cells[KASIR_CONFLICT_COLUMN_AMOUNT] = amount;
  cells[KASIR_CONFLICT_COLUMN_STATUS] = status;
  cells[6] = NULL;
  return kasir_text_row_new (entry->conflict->id, entry->local_state, cells, row_style (entry));
}

static KasirTextRow *
history_row (const KasirConflictEntry *entry)
{
  const char *decision = entry->resolved_decision != NULL ? entry->resolved_decision
                                                          : entry->local_decision;
  const char *note = entry->resolved_note != NULL ? entry->resolved_note : entry->local_note;
  const char *resolved_at = entry->resolved_at != NULL ? entry->resolved_at : entry->local_created_at;
  g_autofree char *when = kasir_ui_format_time (entry->conflict->created_at);
  g_autofree char *at = kasir_ui_format_time (resolved_at);
  g_autofree char *who = NULL;
  const char *cells[8];

  if (entry->resolved_by_name != NULL)
    who = g_strdup (entry->resolved_by_name);
  else if (entry->conflict->status == KASIR_CONFLICT_RESOLVED_BY_RULE)
    who = g_strdup (_("Rule"));
  else if (entry->local_state == KASIR_LOCAL_RESOLUTION_PENDING)
    who = g_strdup (_("This till (pending)"));
  else
    who = g_strdup ("");
  cells[KASIR_CONFLICT_HISTORY_WHEN] = when;
  cells[KASIR_CONFLICT_HISTORY_KIND] = kasir_conflict_title (entry->conflict);
  cells[KASIR_CONFLICT_HISTORY_WHAT] = entry->what != NULL ? entry->what : "";
  cells[KASIR_CONFLICT_HISTORY_DECISION] = kasir_conflict_decision_title (entry->conflict->kind,
                                                                          decision);
  cells[KASIR_CONFLICT_HISTORY_WHO] = who;
  cells[KASIR_CONFLICT_HISTORY_RESOLVED_AT] = at != NULL ? at : "";
  cells[KASIR_CONFLICT_HISTORY_NOTE] = note != NULL ? note : "";
  cells[7] = NULL;
  return kasir_text_row_new (entry->conflict->id, entry->local_state, cells, NULL);
}

static void
show_error (KasirConflictWindow *self,
            const GError        *error)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
}

static gint64
selected_id (KasirConflictWindow *self)
{
  KasirTextRow *row = gtk_single_selection_get_selected_item (self->selection);

  return row != NULL ? kasir_text_row_get_id (row) : 0;
}

void
kasir_conflict_window_reload (KasirConflictWindow *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  gint64 keep;
  guint position = GTK_INVALID_LIST_POSITION;

  g_return_if_fail (KASIR_IS_CONFLICT_WINDOW (self));

  keep = selected_id (self);
  entries = kasir_conflict_repository_list_entries (self->repo, self->status, self->kind, 0,
                                                    LIST_LIMIT, &error);
  if (entries == NULL)
    {
      show_error (self, error);
      return;
    }
  for (guint i = 0; i < entries->len; i++)
    {
      const KasirConflictEntry *entry = entries->pdata[i];

      if (entry->conflict->id == keep)
        position = i;
      g_ptr_array_add (rows, review_row (self, entry));
    }
  self->reloading = TRUE;
  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       rows->pdata, rows->len);
  gtk_single_selection_set_selected (self->selection, position);
  self->reloading = FALSE;
  /* The detail follows the row, which may have changed state with the sync. */
  if (position != GTK_INVALID_LIST_POSITION &&
      kasir_conflict_detail_view_get_conflict_id (self->detail) == keep)
    kasir_conflict_detail_view_refresh (self->detail, NULL);
  else
    kasir_conflict_detail_view_show (self->detail, position != GTK_INVALID_LIST_POSITION ? keep : 0,
                                     NULL);

  history = kasir_conflict_repository_list_history (self->repo, 0, LIST_LIMIT, &error);
  if (history == NULL)
    {
      show_error (self, error);
      return;
    }
  g_ptr_array_set_size (rows, 0);
  for (guint i = 0; i < history->len; i++)
    g_ptr_array_add (rows, history_row (history->pdata[i]));
  g_list_store_splice (self->history, 0, g_list_model_get_n_items (G_LIST_MODEL (self->history)),
                       rows->pdata, rows->len);
}

static void
on_selection_changed (KasirConflictWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->reloading)
    return;
  if (!kasir_conflict_detail_view_show (self->detail, selected_id (self), &error))
    show_error (self, error);
}

static void
on_filter_changed (KasirConflictWindow *self)
{
  guint s = gtk_drop_down_get_selected (self->status_filter);
  guint k = gtk_drop_down_get_selected (self->kind_filter);

  self->status = s < G_N_ELEMENTS (status_choices) ? status_choices[s] : -1;
  self->kind = k < G_N_ELEMENTS (kind_choices) ? kind_choices[k] : -1;
  kasir_conflict_window_reload (self);
}

static void
on_resolved (KasirConflictWindow *self,
             gint64               conflict_id)
{
  kasir_conflict_window_reload (self);
  adw_toast_overlay_add_toast (self->toasts,
                               adw_toast_new (_("Decision recorded; it is sent with the next sync")));
}

static void
on_last_sync_time (KasirConflictWindow *self)
{
  kasir_conflict_window_reload (self);
}

gboolean
kasir_conflict_window_export_csv (KasirConflictWindow  *self,
                                  GFile                *file,
                                  GError              **error)
{
  g_autofree char *csv = NULL;

  g_return_val_if_fail (KASIR_IS_CONFLICT_WINDOW (self), FALSE);

  csv = kasir_conflict_repository_export_history_csv (self->repo, error);
  if (csv == NULL)
    return FALSE;
  return g_file_replace_contents (file, csv, strlen (csv), NULL, FALSE,
                                  G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                  NULL, NULL, error);
}

static void
on_export_response (GtkNativeDialog     *chooser,
                    int                  response,
                    KasirConflictWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GError) error = NULL;

      if (kasir_conflict_window_export_csv (self, file, &error))
        adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("History exported")));
      else
        show_error (self, error);
    }
  g_object_unref (chooser);
}

static void
on_export_clicked (KasirConflictWindow *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = g_date_time_format (now, "conflicts-%Y-%m-%d.csv");

  chooser = gtk_file_chooser_native_new (_("Export Conflict History"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
kasir_conflict_window_set_filter (KasirConflictWindow *self,
                                  int                  status,
                                  int                  kind)
{
  g_return_if_fail (KASIR_IS_CONFLICT_WINDOW (self));

  for (guint i = 0; i < G_N_ELEMENTS (status_choices); i++)
    if (status_choices[i] == (status < 0 ? -1 : status))
      gtk_drop_down_set_selected (self->status_filter, i);
  for (guint i = 0; i < G_N_ELEMENTS (kind_choices); i++)
    if (kind_choices[i] == (kind < 0 ? -1 : kind))
      gtk_drop_down_set_selected (self->kind_filter, i);
  on_filter_changed (self);
}

GListModel *
kasir_conflict_window_get_model (KasirConflictWindow *self)
{
  g_return_val_if_fail (KASIR_IS_CONFLICT_WINDOW (self), NULL);
  return G_LIST_MODEL (self->rows);
}

GListModel *
kasir_conflict_window_get_history_model (KasirConflictWindow *self)
{
  g_return_val_if_fail (KASIR_IS_CONFLICT_WINDOW (self), NULL);
  return G_LIST_MODEL (self->history);
}

gboolean
kasir_conflict_window_select (KasirConflictWindow *self,
                              gint64               conflict_id)
{
  guint n;

  g_return_val_if_fail (KASIR_IS_CONFLICT_WINDOW (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KasirTextRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), i);

      if (kasir_text_row_get_id (row) == conflict_id)
        {
          gtk_single_selection_set_selected (self->selection, i);
          /* Selecting the row that is already selected does not notify. */
          if (kasir_conflict_detail_view_get_conflict_id (self->detail) != conflict_id)
            on_selection_changed (self);
          return TRUE;
        }
    }
  return FALSE;
}

KasirConflictDetailView *
kasir_conflict_window_get_detail (KasirConflictWindow *self)
{
  g_return_val_if_fail (KASIR_IS_CONFLICT_WINDOW (self), NULL);
  return self->detail;
}

void
kasir_conflict_window_show_page (KasirConflictWindow *self,
                                 const char          *name)
{
  g_return_if_fail (KASIR_IS_CONFLICT_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->stack, name);
}

KasirConflictWindow *
kasir_conflict_window_new (GtkWindow        *parent,
                           KasirTillContext *context,
                           gint64            manager_staff_id)
{
  KasirConflictWindow *self;
  KasirDatabase *db;
  KasirSyncService *service;

  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), NULL);
  g_return_val_if_fail (kasir_till_context_get_database (context) != NULL, NULL);

  db = kasir_till_context_get_database (context);
  service = kasir_till_context_get_sync_service (context);
  self = g_object_new (KASIR_TYPE_CONFLICT_WINDOW,
                       "transient-for", parent,
                       "context", context,
                       NULL);
  g_free (self->currency);
  self->currency = g_strdup (kasir_till_context_get_currency (context));
  self->db = g_object_ref (db);
  self->repo = kasir_conflict_repository_new (db);
  self->staff_id = manager_staff_id;
  if (service != NULL)
    {
      self->service = g_object_ref (service);
      g_signal_connect_object (service, "notify::last-sync-time",
                               G_CALLBACK (on_last_sync_time), self, G_CONNECT_SWAPPED);
    }
  kasir_conflict_detail_view_setup (self->detail, self->repo, service, manager_staff_id,
                                    self->currency);
  kasir_conflict_window_reload (self);

  return self;
}

/* ---- GObject ---- */

static void
kasir_conflict_window_dispose (GObject *object)
{
  KasirConflictWindow *self = KASIR_CONFLICT_WINDOW (object);

  if (self->service != NULL)
    g_signal_handlers_disconnect_by_data (self->service, self);
  g_clear_object (&self->service);
  g_clear_object (&self->repo);
  g_clear_object (&self->db);
  gtk_widget_dispose_template (GTK_WIDGET (self), KASIR_TYPE_CONFLICT_WINDOW);

  G_OBJECT_CLASS (kasir_conflict_window_parent_class)->dispose (object);
}

static void
kasir_conflict_window_finalize (GObject *object)
{
  KasirConflictWindow *self = KASIR_CONFLICT_WINDOW (object);

  g_clear_object (&self->rows);
  g_clear_object (&self->history);
  g_clear_object (&self->selection);
  g_free (self->currency);

  G_OBJECT_CLASS (kasir_conflict_window_parent_class)->finalize (object);
}

static void
kasir_conflict_window_class_init (KasirConflictWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kasir_conflict_window_dispose;
  object_class->finalize = kasir_conflict_window_finalize;

  g_type_ensure (KASIR_TYPE_CONFLICT_DETAIL_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/kasir-conflict-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KasirConflictWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, KasirConflictWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KasirConflictWindow, status_filter);
  gtk_widget_class_bind_template_child (widget_class, KasirConflictWindow, kind_filter);
  gtk_widget_class_bind_template_child (widget_class, KasirConflictWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, KasirConflictWindow, history_view);
  gtk_widget_class_bind_template_child (widget_class, KasirConflictWindow, detail);
  gtk_widget_class_bind_template_callback (widget_class, on_export_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kasir_conflict_window_init (KasirConflictWindow *self)
{
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GtkNoSelection) no_selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->status = -1;
  self->kind = -1;

  gtk_string_list_append (statuses, _("Any status"));
  for (guint i = 1; i < G_N_ELEMENTS (status_choices); i++)
    gtk_string_list_append (statuses, kasir_conflict_status_title (status_choices[i]));
  gtk_drop_down_set_model (self->status_filter, G_LIST_MODEL (statuses));
  gtk_string_list_append (kinds, _("Any kind"));
  for (guint i = 1; i < G_N_ELEMENTS (kind_choices); i++)
    gtk_string_list_append (kinds, kasir_conflict_kind_title (kind_choices[i]));
  gtk_drop_down_set_model (self->kind_filter, G_LIST_MODEL (kinds));
  g_signal_connect_swapped (self->status_filter, "notify::selected",
                            G_CALLBACK (on_filter_changed), self);
  g_signal_connect_swapped (self->kind_filter, "notify::selected",
                            G_CALLBACK (on_filter_changed), self);

  self->rows = g_list_store_new (KASIR_TYPE_TEXT_ROW);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->rows)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected",
                            G_CALLBACK (on_selection_changed), self);
  gtk_column_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  kasir_text_row_add_column (self->list_view, _("When"), KASIR_CONFLICT_COLUMN_WHEN, FALSE);
  kasir_text_row_add_column (self->list_view, _("Till"), KASIR_CONFLICT_COLUMN_TERMINAL, FALSE);
  /* Kinds are short sentences ("Open order paid after it was cancelled"): they wrap, so
   * that the status beside them stays in view at the window's own width. */
  kasir_text_row_add_column (self->list_view, _("Kind"), KASIR_CONFLICT_COLUMN_KIND, TRUE);
  kasir_text_row_add_column (self->list_view, _("What"), KASIR_CONFLICT_COLUMN_WHAT, TRUE);
  kasir_text_row_add_column (self->list_view, _("Amount"), KASIR_CONFLICT_COLUMN_AMOUNT, FALSE);
  kasir_text_row_add_column (self->list_view, _("Status"), KASIR_CONFLICT_COLUMN_STATUS, TRUE);

  self->history = g_list_store_new (KASIR_TYPE_TEXT_ROW);
  no_selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->history)));
  gtk_column_view_set_model (self->history_view, GTK_SELECTION_MODEL (no_selection));
  kasir_text_row_add_column (self->history_view, _("When"), KASIR_CONFLICT_HISTORY_WHEN, FALSE);
  kasir_text_row_add_column (self->history_view, _("Kind"), KASIR_CONFLICT_HISTORY_KIND, FALSE);
  kasir_text_row_add_column (self->history_view, _("What"), KASIR_CONFLICT_HISTORY_WHAT, TRUE);
  kasir_text_row_add_column (self->history_view, _("Decision"), KASIR_CONFLICT_HISTORY_DECISION, FALSE);
  kasir_text_row_add_column (self->history_view, _("Who"), KASIR_CONFLICT_HISTORY_WHO, FALSE);
  kasir_text_row_add_column (self->history_view, _("Resolved at"), KASIR_CONFLICT_HISTORY_RESOLVED_AT, FALSE);
  kasir_text_row_add_column (self->history_view, _("Note"), KASIR_CONFLICT_HISTORY_NOTE, TRUE);

  g_signal_connect_swapped (self->detail, "resolved", G_CALLBACK (on_resolved), self);
}
