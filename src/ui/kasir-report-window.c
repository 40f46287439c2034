/* kasir-report-window.c — see the header.
 *
 * The report is read on a worker thread with its own database connection; the window
 * shows that it is busy meanwhile.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "kasir-day-range.h"
#include "kasir-input-error.h"
#include "kasir-payment-method.h"
#include "kasir-report-chart.h"
#include "kasir-report-printer.h"
#include "kasir-order-type.h"
#include "kasir-report-window.h"
#include "kasir-sync-client.h"
#include "kasir-ui-format.h"
#include "kasir-ui-money.h"

struct _KasirReportWindow
{
  KasirTillDialog        parent_instance;

  KasirDatabase         *db;
  GCancellable          *cancellable;  /* the report being read, if any */
  KasirReport           *report;
  char                  *from;
  char                  *to;
  char                  *title;      /* "Report 2026-11-02" */
  char                  *currency;
  char                  *shift_id;   /* the one shift a non-manager sees; NULL: all */
  gboolean               limited;    /* not a manager */
  gboolean               outlet;     /* the report shown is the whole outlet's */

  KasirSyncService      *sync;       /* nullable: the outlet's report comes through it */
  gint64                 staff_id;   /* the signed-in manager, who asks the server */
  char                  *scope_problem; /* why the outlet's report is not shown; to show */

  GtkDropDown           *period_dropdown;
  KasirDayRange         *day_range;
  GtkDropDown           *scope_dropdown;
  AdwPreferencesGroup   *totals_group;
  GtkListBox            *totals_list;
  KasirReportChart      *chart;
  GtkListBox            *methods_list;
  GtkListBox            *revenue_list;
  GtkListBox            *quantity_list;
  GtkListBox            *cashiers_list;
  GtkListBox            *order_types_list;
};

G_DEFINE_FINAL_TYPE (KasirReportWindow, kasir_report_window, KASIR_TYPE_TILL_DIALOG)

static void
clear (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
add_row (GtkListBox *list,
         const char *title,
         const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_list_box_append (list, row);
}

static void
add_money_row (KasirReportWindow *self,
               GtkListBox        *list,
               const char        *title,
               KasirMoney         amount)
{
  g_autofree char *text = kasir_ui_money_format (amount, self->currency);

  add_row (list, title, text);
}

static const char *
cashier_label (const KasirReportRow *row)
{
  return *row->key != '\0' ? row->key : _("Unknown staff member");
}

static const char *
order_type_label (const KasirReportRow *row)
{
  const char *label = kasir_order_type_label (row->key);

  return label != NULL ? label : _("No order type");
}

/* The name of @row in section @kind: 0 payment methods, 1 products, 2 cashiers, 3 order
 * types. */
static const char *
row_label (const KasirReportRow *row,
           int                   kind)
{
  switch (kind)
    {
    case 0:
      return kasir_payment_method_code_label (row->key);
    case 2:
      return cashier_label (row);
    case 3:
      return order_type_label (row);
    default:
      return row->key;
    }
}

/* The report as lines of text, for the PDF. */
static GPtrArray *
report_lines (KasirReportWindow *self)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  const KasirReport *r = self->report;
  struct { const char *label; KasirMoney amount; } totals[] = {
    { _("Gross"), r->gross }, { _("Discounts"), r->discounts }, { _("Sales total"), r->sales },
    { _("Refunds"), r->refunds }, { _("Net"), r->net },
    { _("Tax"), r->tax }, { _("Average basket"), r->average },
  };
  struct { const char *title; GPtrArray *rows; gboolean units; } sections[] = {
    { _("By payment method"), r->by_method, FALSE },
    { _("Top products by revenue"), r->top_revenue, FALSE },
    { _("Top products by quantity"), r->top_quantity, TRUE },
    { _("By cashier"), r->by_cashier, FALSE },
    { _("By order type"), r->by_order_type, FALSE },
  };
  static const int kinds[] = { 0, 1, 1, 2, 3 };

  g_ptr_array_add (lines, g_strdup (self->title));
  g_ptr_array_add (lines, g_strdup (""));
  g_ptr_array_add (lines, g_strdup_printf ("%-40s %16" G_GINT64_FORMAT, _("Sales"), r->sale_count));
  for (guint i = 0; i < G_N_ELEMENTS (totals); i++)
    {
      g_autofree char *money = kasir_ui_money_format (totals[i].amount, self->currency);

      g_ptr_array_add (lines, g_strdup_printf ("%-40s %16s", totals[i].label, money));
    }
  for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
    {
      g_ptr_array_add (lines, g_strdup (""));
      g_ptr_array_add (lines, g_strdup (sections[s].title));
      for (guint i = 0; i < sections[s].rows->len; i++)
        {
          const KasirReportRow *row = sections[s].rows->pdata[i];
          g_autofree char *money = kasir_ui_money_format (row->amount, self->currency);
          const char *key = row_label (row, kinds[s]);

          g_ptr_array_add (lines, g_strdup_printf ("  %-30.30s %8" G_GINT64_FORMAT " %16s", key,
                                                   row->count, money));
        }
    }
  g_ptr_array_add (lines, g_strdup (""));
  g_ptr_array_add (lines, g_strdup (_("By hour")));
  for (guint h = 0; h < 24; h++)
    if (r->hour_count[h] > 0)
      {
        g_autofree char *money = kasir_ui_money_format (r->hour_net[h], self->currency);

        g_ptr_array_add (lines, g_strdup_printf ("  %02u:00 %32" G_GINT64_FORMAT " %16s", h,
                                                 r->hour_count[h], money));
      }
  return lines;
}

static void
show_rows (KasirReportWindow *self,
           GtkListBox        *list,
           GPtrArray         *rows,
           int                kind)
{
  clear (list);
  for (guint i = 0; i < rows->len; i++)
    {
      const KasirReportRow *row = rows->pdata[i];
      g_autofree char *money = kasir_ui_money_format (row->amount, self->currency);
      g_autofree char *value = NULL;
      const char *title = row_label (row, kind);

      if (kind == 1)
        /* TRANSLATORS: "12 units · Rp 180.000". */
        value = g_strdup_printf (_("%" PRId64 " units · %s"), row->count, money);
      else
        value = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " sale · %s",
                                              "%" PRId64 " sales · %s", row->count),
                                 row->count, money);
      add_row (list, title, value);
    }
  if (rows->len == 0)
    add_row (list, _("No sales"), "");
}

static void
show_report (KasirReportWindow *self)
{
  const KasirReport *r = self->report;
  g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, r->sale_count);

  adw_preferences_group_set_description (self->totals_group, self->title);
  clear (self->totals_list);
  add_row (self->totals_list, _("Sales"), count);
  add_money_row (self, self->totals_list, _("Gross"), r->gross);
  add_money_row (self, self->totals_list, _("Discounts"), r->discounts);
  add_money_row (self, self->totals_list, _("Sales total"), r->sales);
  add_money_row (self, self->totals_list, _("Refunds"), r->refunds);
  add_money_row (self, self->totals_list, _("Net"), r->net);
  add_money_row (self, self->totals_list, _("Tax"), r->tax);
  add_money_row (self, self->totals_list, _("Average basket"), r->average);
  kasir_report_chart_set_hours (self->chart, r->hour_net, self->currency);
  show_rows (self, self->methods_list, r->by_method, 0);
  show_rows (self, self->revenue_list, r->top_revenue, 1);
  show_rows (self, self->quantity_list, r->top_quantity, 1);
  show_rows (self, self->cashiers_list, r->by_cashier, 2);
  show_rows (self, self->order_types_list, r->by_order_type, 3);
}

/* What the worker thread reads, on its own connection (opened by the caller, about a
 * millisecond, so the task holds no reference on the till's database): the UI thread
 * never waits for the report. */
typedef struct
{
  KasirDatabase *connection;
  char          *from;
  char          *to;
  char          *shift_id;
  char          *title;
} ReportJob;

static void
report_job_free (ReportJob *job)
{
  g_clear_object (&job->connection);
  g_free (job->from);
  g_free (job->to);
  g_free (job->shift_id);
  g_free (job->title);
  g_free (job);
}

static void
report_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ReportJob *job = task_data;
  g_autoptr(KasirReportRepository) reports = kasir_report_repository_new (job->connection);
  GError *error = NULL;
  KasirReport *report;

  report = kasir_report_repository_summarize (reports, job->from, job->to, job->shift_id, &error);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) kasir_report_free);
}

static void set_busy (KasirReportWindow *self,
                      gboolean           busy);

static void
on_outlet_report (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  KasirReport *report;

  report = kasir_sync_client_report_summary_finish (KASIR_SYNC_CLIENT (source), result, &error);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) kasir_report_free);
}

/* The whole outlet's report, asked of the server for the signed-in manager. */
static gboolean
outlet_selected (KasirReportWindow *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->scope_dropdown)) &&
         gtk_drop_down_get_selected (self->scope_dropdown) == 1;
}

static void
ask_outlet (KasirReportWindow *self,
            GTask             *task,
            GDateTime         *first,
            GDateTime         *last)
{
  KasirSyncClient *client = self->sync != NULL ? kasir_sync_service_get_client (self->sync) : NULL;
  g_autofree char *from = g_date_time_format (first, "%Y-%m-%d");
  g_autofree char *to = g_date_time_format (last, "%Y-%m-%d");
  ReportJob *job;

  if (client == NULL)
    {
      g_task_return_new_error (task, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE, "%s",
                               _("This till is not connected to a server"));
      return;
    }
  job = g_new0 (ReportJob, 1);
  job->from = g_strdup (from);
  job->to = g_strdup (to);
  job->title = g_str_equal (from, to) ? g_strdup_printf (_("The whole outlet’s sales on %s"), from)
                                      : g_strdup_printf (_("The whole outlet’s sales from %s to %s"), from, to);
  g_task_set_task_data (task, job, (GDestroyNotify) report_job_free);
  set_busy (self, TRUE);
  kasir_sync_client_report_summary_async (client, from, to, self->staff_id, g_task_get_cancellable (task),
                                          on_outlet_report, g_object_ref (task));
}

static void
set_busy (KasirReportWindow *self,
          gboolean           busy)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->period_dropdown), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scope_dropdown), !busy);
  if (busy)
    adw_preferences_group_set_description (self->totals_group, _("Reading the sales…"));
}

void
kasir_report_window_show_days_async (KasirReportWindow   *self,
                                     GDateTime           *first,
                                     GDateTime           *last,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *first_text = NULL, *last_text = NULL;
  KasirDatabase *connection;
  GError *error = NULL;
  ReportJob *job;

  g_return_if_fail (KASIR_IS_REPORT_WINDOW (self));

  /* A newer request replaces one still being read. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, callback, user_data);
  g_task_set_source_tag (task, kasir_report_window_show_days_async);

  if (self->limited && self->shift_id == NULL)
    {
      adw_preferences_group_set_description (self->totals_group, _("Open a shift to see its report"));
      g_task_return_new_error (task, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE,
                               _("Open a shift to see its report"));
      return;
    }

  if (outlet_selected (self))
    {
      ask_outlet (self, task, first, last);
      return;
    }
  connection = kasir_database_open_connection (self->db, &error);
  if (connection == NULL)
    {
      adw_preferences_group_set_description (self->totals_group, error->message);
      g_task_return_error (task, error);
      return;
    }
  job = g_new0 (ReportJob, 1);
  job->connection = connection;
  job->shift_id = g_strdup (self->shift_id);
  kasir_report_local_days (first, last, &job->from, &job->to);
  first_text = kasir_ui_format_day (first);
  last_text = kasir_ui_format_day (last);
  if (g_str_equal (first_text, last_text))
    job->title = g_strdup_printf (self->limited ? _("Your shift's sales on %s") : _("Sales on %s"),
                                  first_text);
  else
    job->title = g_strdup_printf (self->limited ? _("Your shift's sales from %s to %s")
                                                : _("Sales from %s to %s"),
                                  first_text, last_text);
  g_task_set_task_data (task, job, (GDestroyNotify) report_job_free);
  set_busy (self, TRUE);
  g_task_run_in_thread (task, report_thread);
}

/* The outlet's report could not be read: back to this till's, saying why. */
static void
outlet_failed (KasirReportWindow *self,
               const GError      *error)
{
  g_autofree char *message = NULL;

  if (g_error_matches (error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_FORBIDDEN))
    message = g_strdup (_("The server lets only a manager of this outlet read its report. "
                          "Showing this till’s sales."));
  else if (error->domain == KASIR_SYNC_ERROR && kasir_sync_error_is_transient (error))
    message = g_strdup (_("The server cannot be reached now. Showing this till’s sales."));
  else
    message = g_strdup_printf (_("The outlet’s report could not be read (%s). Showing this till’s sales."),
                               error->message);
  /* Selecting "This till" reads it again, which replaces the description: set it after. */
  gtk_drop_down_set_selected (self->scope_dropdown, 0);
  g_free (self->scope_problem);
  self->scope_problem = g_steal_pointer (&message);
}

gboolean
kasir_report_window_show_days_finish (KasirReportWindow  *self,
                                      GAsyncResult       *result,
                                      GError            **error)
{
  g_autoptr(KasirReport) report = NULL;
  g_autoptr(GError) local_error = NULL;
  ReportJob *job;

  g_return_val_if_fail (KASIR_IS_REPORT_WINDOW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  report = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (report == NULL)
    {
      /* Cancelled: the window is closing or a newer request took over; nothing to show. */
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          set_busy (self, FALSE);
          if (outlet_selected (self))
            outlet_failed (self, local_error);
          else
            adw_preferences_group_set_description (self->totals_group, local_error->message);
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  job = g_task_get_task_data (G_TASK (result));
  set_busy (self, FALSE);
  g_free (self->title);
  self->title = g_strdup (job->title);
  g_clear_pointer (&self->report, kasir_report_free);
  self->report = g_steal_pointer (&report);
  self->outlet = job->connection == NULL; /* the server's answer, not this till's */
  g_free (self->from);
  self->from = g_strdup (job->from);
  g_free (self->to);
  self->to = g_strdup (job->to);
  show_report (self);
  if (self->scope_problem != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s\n%s", self->scope_problem, self->title);

      adw_preferences_group_set_description (self->totals_group, text);
      g_clear_pointer (&self->scope_problem, g_free);
    }
  return TRUE;
}

static void
on_days_shown (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Any error is shown in the window already. */
  kasir_report_window_show_days_finish (KASIR_REPORT_WINDOW (source), result, &error);
}

static void
on_period_changed (KasirReportWindow *self)
{
  /* Today, yesterday, the last 7 and 30 days; then the days chosen on the calendars. */
  static const int back[][2] = { { 0, 0 }, { 1, 1 }, { 6, 0 }, { 29, 0 } };
  guint selected = gtk_drop_down_get_selected (self->period_dropdown);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) last = NULL;
  gboolean chosen = selected == G_N_ELEMENTS (back);

  gtk_widget_set_visible (GTK_WIDGET (self->day_range), chosen);
  if (chosen)
    {
      first = g_date_time_ref (kasir_day_range_get_first (self->day_range));
      last = g_date_time_ref (kasir_day_range_get_last (self->day_range));
    }
  else if (selected < G_N_ELEMENTS (back))
    {
      first = g_date_time_add_days (now, -back[selected][0]);
      last = g_date_time_add_days (now, -back[selected][1]);
    }
  else
    return;
  kasir_report_window_show_days_async (self, first, last, on_days_shown, NULL);
}

const KasirReport *
kasir_report_window_get_report (KasirReportWindow *self)
{
  g_return_val_if_fail (KASIR_IS_REPORT_WINDOW (self), NULL);
  return self->report;
}

gboolean
kasir_report_window_export_csv (KasirReportWindow  *self,
                                GFile              *file,
                                GError            **error)
{
  g_autofree char *csv = NULL;

  g_return_val_if_fail (KASIR_IS_REPORT_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (self->report == NULL)
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE, _("There is no report to save"));
      return FALSE;
    }
  csv = kasir_report_to_csv (self->report, self->from, self->to);
  return g_file_replace_contents (file, csv, strlen (csv), NULL, FALSE, G_FILE_CREATE_NONE,
                                  NULL, NULL, error);
}

gboolean
kasir_report_window_export_pdf (KasirReportWindow  *self,
                                const char         *path,
                                GError            **error)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (KASIR_IS_REPORT_WINDOW (self), FALSE);

  if (self->report == NULL)
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE, _("There is no report to save"));
      return FALSE;
    }
  lines = report_lines (self);
  if (kasir_report_print_pdf (lines, path, &local_error) > 0)
    return TRUE;
  if (local_error == NULL)
    g_set_error_literal (&local_error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The PDF could not be written"));
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* ---- Saving through a file chooser ---- */

static void
on_save_response (GtkNativeDialog   *chooser,
                  int                response,
                  KasirReportWindow *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  gboolean pdf = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "kasir-pdf"));

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    {
      g_autofree char *path = g_file_get_path (file);
      gboolean ok = pdf ? kasir_report_window_export_pdf (self, path, &error)
                        : kasir_report_window_export_csv (self, file, &error);

      if (!ok)
        adw_preferences_group_set_description (self->totals_group, error->message);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
save_as (KasirReportWindow *self,
         gboolean           pdf)
{
  GtkFileChooserNative *chooser;
  g_autofree char *name = g_strdup_printf ("kasir-report-%.10s.%s", self->from != NULL ? self->from : "",
                                           pdf ? "pdf" : "csv");

  chooser = gtk_file_chooser_native_new (pdf ? _("Save the Report as PDF") : _("Save the Report as CSV"),
                                         GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data (G_OBJECT (chooser), "kasir-pdf", GINT_TO_POINTER (pdf));
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_save_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  save_as (KASIR_REPORT_WINDOW (widget), g_str_equal (action_name, "report.export-pdf"));
}

/* A manager's window on an enrolled till that is in touch with the server. */
static gboolean
outlet_available (KasirReportWindow *self)
{
  KasirSyncStatus state;

  if (self->limited || self->sync == NULL || kasir_sync_service_get_client (self->sync) == NULL)
    return FALSE;
  state = kasir_sync_service_get_state (self->sync);
  return state == KASIR_SYNC_STATUS_ONLINE || state == KASIR_SYNC_STATUS_SYNCING ||
         state == KASIR_SYNC_STATUS_ATTENTION;
}

gboolean
kasir_report_window_get_outlet_available (KasirReportWindow *self)
{
  g_return_val_if_fail (KASIR_IS_REPORT_WINDOW (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self->scope_dropdown));
}

void
kasir_report_window_set_outlet (KasirReportWindow *self,
                                gboolean           outlet)
{
  g_return_if_fail (KASIR_IS_REPORT_WINDOW (self));
  gtk_drop_down_set_selected (self->scope_dropdown, outlet ? 1 : 0);
}

gboolean
kasir_report_window_get_outlet (KasirReportWindow *self)
{
  g_return_val_if_fail (KASIR_IS_REPORT_WINDOW (self), FALSE);
  return self->report != NULL && self->outlet;
}

const char *
kasir_report_window_get_message (KasirReportWindow *self)
{
  g_return_val_if_fail (KASIR_IS_REPORT_WINDOW (self), NULL);
  return adw_preferences_group_get_description (self->totals_group);
}

KasirReportWindow *
kasir_report_window_new (GtkWindow        *parent,
                         KasirTillContext *context,
                         gboolean          manager_view)
{
  KasirReportWindow *self;

  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), NULL);
  g_return_val_if_fail (kasir_till_context_get_database (context) != NULL, NULL);

  self = g_object_new (KASIR_TYPE_REPORT_WINDOW,
                       "transient-for", parent,
                       "context", context,
                       NULL);
  self->db = g_object_ref (kasir_till_context_get_database (context));
  self->currency = g_strdup (kasir_till_context_get_currency (context));
  self->limited = !manager_view;
  self->shift_id = self->limited ? g_strdup (kasir_till_context_get_shift_id (context)) : NULL;
  self->staff_id = kasir_till_context_get_staff_id (context);
  if (kasir_till_context_get_sync_service (context) != NULL)
    self->sync = g_object_ref (kasir_till_context_get_sync_service (context));
  gtk_widget_set_visible (GTK_WIDGET (self->scope_dropdown), outlet_available (self));
  on_period_changed (self);

  return self;
}

static void
kasir_report_window_dispose (GObject *object)
{
  KasirReportWindow *self = KASIR_REPORT_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->db);
  g_clear_object (&self->sync);
  g_clear_pointer (&self->report, kasir_report_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), KASIR_TYPE_REPORT_WINDOW);

  G_OBJECT_CLASS (kasir_report_window_parent_class)->dispose (object);
}

static void
kasir_report_window_finalize (GObject *object)
{
  KasirReportWindow *self = KASIR_REPORT_WINDOW (object);

  g_free (self->from);
  g_free (self->to);
  g_free (self->title);
  g_free (self->currency);
  g_free (self->shift_id);
  g_free (self->scope_problem);

  G_OBJECT_CLASS (kasir_report_window_parent_class)->finalize (object);
}

static void
kasir_report_window_class_init (KasirReportWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kasir_report_window_dispose;
  object_class->finalize = kasir_report_window_finalize;

  g_type_ensure (KASIR_TYPE_REPORT_CHART);
  g_type_ensure (KASIR_TYPE_DAY_RANGE);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kasir-report-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KasirReportWindow, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KasirReportWindow, day_range);
  gtk_widget_class_bind_template_child (widget_class, KasirReportWindow, scope_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KasirReportWindow, totals_group);
  gtk_widget_class_bind_template_child (widget_class, KasirReportWindow, totals_list);
  gtk_widget_class_bind_template_child (widget_class, KasirReportWindow, chart);
  gtk_widget_class_bind_template_child (widget_class, KasirReportWindow, methods_list);
  gtk_widget_class_bind_template_child (widget_class, KasirReportWindow, revenue_list);
  gtk_widget_class_bind_template_child (widget_class, KasirReportWindow, quantity_list);
  gtk_widget_class_bind_template_child (widget_class, KasirReportWindow, cashiers_list);
  gtk_widget_class_bind_template_child (widget_class, KasirReportWindow, order_types_list);
  gtk_widget_class_bind_template_callback (widget_class, on_period_changed);
  gtk_widget_class_install_action (widget_class, "report.export-csv", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "report.export-pdf", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kasir_report_window_init (KasirReportWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
