/* kasir-sync-dashboard.c — what the sync service has been doing, for a manager.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "kasir-ui-format.h"
#include "kasir-text-row.h"
#include "kasir-outbox-repository.h"
#include "kasir-sync-dashboard.h"
#include "kasir-sync-history-repository.h"

#define OUTBOX_LIMIT 300

typedef struct
{
  const char *key;
  const char *title;
} MetricInfo;

static const MetricInfo metric_info[] = {
  { "syncs", N_("Syncs (last 7 days)") },
  { "successes", N_("Successful") },
  { "failures", N_("Failed") },
  { "average", N_("Average duration") },
  { "last-success", N_("Last success") },
  { "last-error", N_("Last error") },
  { "pending", N_("Waiting to be sent") },
  { "rejected", N_("Rejected") },
  { "oldest-sale", N_("Oldest unsent sale") },
};

#define N_METRICS G_N_ELEMENTS (metric_info)

struct _KasirSyncDashboard
{
  KasirTillDialog        parent_instance;

  KasirDatabase         *db;
  KasirSyncService      *service;
  KasirOutboxRepository *outbox;
  GListStore            *rows;
  GtkLabel              *metric_labels[N_METRICS];
  guint                  tick_id;

  AdwToastOverlay       *toasts;
  GtkFlowBox            *metrics_box;
  KasirSyncChart        *chart;
  GtkColumnView         *outbox_view;
};

G_DEFINE_FINAL_TYPE (KasirSyncDashboard, kasir_sync_dashboard, KASIR_TYPE_TILL_DIALOG)

static const char *
state_title (KasirOutboxState state)
{
  switch (state)
    {
    case KASIR_OUTBOX_PENDING:
      return _("Pending");
    case KASIR_OUTBOX_IN_FLIGHT:
      return _("In flight");
    case KASIR_OUTBOX_ACKED:
      return _("Delivered");
    case KASIR_OUTBOX_REJECTED:
      return _("Rejected");
    default:
      return "";
    }
}

static void
set_metric (KasirSyncDashboard *self,
            const char         *key,
            const char         *text)
{
  for (guint i = 0; i < N_METRICS; i++)
    if (g_str_equal (metric_info[i].key, key))
      {
        gtk_label_set_text (self->metric_labels[i], text);
        gtk_widget_set_tooltip_text (GTK_WIDGET (self->metric_labels[i]), text);
        return;
      }
}

const char *
kasir_sync_dashboard_get_metric (KasirSyncDashboard *self,
                                 const char         *key)
{
  g_return_val_if_fail (KASIR_IS_SYNC_DASHBOARD (self), NULL);

  for (guint i = 0; i < N_METRICS; i++)
    if (g_str_equal (metric_info[i].key, key))
      return gtk_label_get_text (self->metric_labels[i]);
  return NULL;
}

static char *
format_age (gint64 seconds)
{
  if (seconds < 0)
    return g_strdup (_("None"));
  if (seconds < 120)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " second",
                                         "%" PRId64 " seconds", seconds), seconds);
  if (seconds < 2 * 3600)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " minute",
                                         "%" PRId64 " minutes", seconds / 60),
                            seconds / 60);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " hour",
                                       "%" PRId64 " hours", seconds / 3600),
                          seconds / 3600);
}

static void
load_metrics (KasirSyncDashboard *self)
{
  KasirSyncMetrics m = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) hours = NULL;
  char text[64];
  g_autofree char *last = NULL;
  g_autofree char *age = NULL;
  g_autofree char *average = NULL;

  if (!kasir_sync_history_get_metrics (self->db, 0, &m, &error))
    {
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      return;
    }
  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, m.syncs);
  set_metric (self, "syncs", text);
  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, m.successes);
  set_metric (self, "successes", text);
  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, m.failures);
  set_metric (self, "failures", text);
  /* TRANSLATORS: a duration in milliseconds. */
  average = g_strdup_printf (_("%" PRId64 " ms"), m.average_duration_ms);
  set_metric (self, "average", m.syncs > 0 ? average : "—");
  last = kasir_ui_format_time (m.last_success_at);
  set_metric (self, "last-success", m.last_success_at != NULL ? last : _("Never"));
  set_metric (self, "last-error", m.last_error != NULL ? m.last_error : "—");
  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, m.pending);
  set_metric (self, "pending", text);
  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, m.rejected);
  set_metric (self, "rejected", text);
  age = format_age (m.oldest_unsynced_sale_age_s);
  set_metric (self, "oldest-sale", age);
  kasir_sync_metrics_clear (&m);

  hours = kasir_sync_history_hourly (self->db, 0, &error);
  if (hours == NULL)
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
  kasir_sync_chart_set_hours (self->chart, hours);
}

static void
add_entries (KasirSyncDashboard *self,
             KasirOutboxState    state,
             GPtrArray          *rows)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = kasir_outbox_repository_list_entries (self->outbox, state, 0, OUTBOX_LIMIT, &error);
  if (entries == NULL)
    {
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      return;
    }
  for (guint i = 0; i < entries->len; i++)
    {
      KasirOutboxEntry *entry = entries->pdata[i];
      g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, entry->mutation->seq);
      g_autofree char *attempts = g_strdup_printf ("%" G_GINT64_FORMAT, entry->attempts);
      g_autofree char *created = kasir_ui_format_time (entry->mutation->created_at);
      g_autofree char *problem = NULL;
      const char *cells[7];

      if (entry->state == KASIR_OUTBOX_REJECTED)
        problem = kasir_sync_history_explain_rejection (entry->last_error);
      else
        problem = g_strdup (entry->last_error != NULL ? entry->last_error : "");
      cells[KASIR_DASHBOARD_COLUMN_SEQ] = seq;
      cells[KASIR_DASHBOARD_COLUMN_TYPE] = kasir_mutation_type_to_string (entry->mutation->type);
      cells[KASIR_DASHBOARD_COLUMN_CREATED] = created;
      cells[KASIR_DASHBOARD_COLUMN_STATE] = state_title (entry->state);
      cells[KASIR_DASHBOARD_COLUMN_ATTEMPTS] = attempts;
      cells[KASIR_DASHBOARD_COLUMN_PROBLEM] = problem;
      cells[6] = NULL;
      g_ptr_array_add (rows, kasir_text_row_new (entry->mutation->seq, entry->state, cells,
                                                 entry->state == KASIR_OUTBOX_REJECTED
                                                 ? "error" : NULL));
    }
}

void
kasir_sync_dashboard_reload (KasirSyncDashboard *self)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (KASIR_IS_SYNC_DASHBOARD (self));

  load_metrics (self);
  /* Rejected first: they are the ones a person must act on. */
  add_entries (self, KASIR_OUTBOX_REJECTED, rows);
  add_entries (self, KASIR_OUTBOX_IN_FLIGHT, rows);
  add_entries (self, KASIR_OUTBOX_PENDING, rows);
  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       rows->pdata, rows->len);
}

void
kasir_sync_dashboard_retry_now (KasirSyncDashboard *self)
{
  g_autoptr(GError) error = NULL;
  gint64 reset = 0;

  g_return_if_fail (KASIR_IS_SYNC_DASHBOARD (self));

  if (!kasir_sync_history_reset_attempts (self->db, &reset, &error))
    {
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      return;
    }
  if (self->service != NULL)
    kasir_sync_service_sync_now (self->service);
  kasir_sync_dashboard_reload (self);
  adw_toast_overlay_add_toast (self->toasts,
                               adw_toast_new (self->service != NULL ? _("Syncing now")
                                                                    : _("This till has no server to sync with")));
}

GListModel *
kasir_sync_dashboard_get_outbox (KasirSyncDashboard *self)
{
  g_return_val_if_fail (KASIR_IS_SYNC_DASHBOARD (self), NULL);
  return G_LIST_MODEL (self->rows);
}

KasirSyncChart *
kasir_sync_dashboard_get_chart (KasirSyncDashboard *self)
{
  g_return_val_if_fail (KASIR_IS_SYNC_DASHBOARD (self), NULL);
  return self->chart;
}

static void
on_service_changed (KasirSyncDashboard *self)
{
  kasir_sync_dashboard_reload (self);
}

/* Ages and "last success" move on without a sync; a slow tick keeps them honest. */
static gboolean
on_tick (gpointer user_data)
{
  kasir_sync_dashboard_reload (user_data);
  return G_SOURCE_CONTINUE;
}

KasirSyncDashboard *
kasir_sync_dashboard_new (GtkWindow        *parent,
                          KasirTillContext *context)
{
  KasirSyncDashboard *self;
  KasirDatabase *db;
  KasirSyncService *service;

  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), NULL);
  g_return_val_if_fail (kasir_till_context_get_database (context) != NULL, NULL);

  db = kasir_till_context_get_database (context);
  service = kasir_till_context_get_sync_service (context);
  self = g_object_new (KASIR_TYPE_SYNC_DASHBOARD, "transient-for", parent, "context", context, NULL);
  self->db = g_object_ref (db);
  self->outbox = kasir_outbox_repository_new (db);
  if (service != NULL)
    {
      self->service = g_object_ref (service);
      g_signal_connect_object (service, "notify::last-sync-time",
                               G_CALLBACK (on_service_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (service, "notify::pending-count",
                               G_CALLBACK (on_service_changed), self, G_CONNECT_SWAPPED);
    }
  kasir_sync_dashboard_reload (self);
  self->tick_id = g_timeout_add_seconds (30, on_tick, self);
  return self;
}

static void
kasir_sync_dashboard_dispose (GObject *object)
{
  KasirSyncDashboard *self = KASIR_SYNC_DASHBOARD (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->service != NULL)
    g_signal_handlers_disconnect_by_data (self->service, self);
  g_clear_object (&self->service);
  g_clear_object (&self->outbox);
  g_clear_object (&self->db);
  gtk_widget_dispose_template (GTK_WIDGET (self), KASIR_TYPE_SYNC_DASHBOARD);

  G_OBJECT_CLASS (kasir_sync_dashboard_parent_class)->dispose (object);
}

static void
kasir_sync_dashboard_finalize (GObject *object)
{
  KasirSyncDashboard *self = KASIR_SYNC_DASHBOARD (object);

  g_clear_object (&self->rows);

  G_OBJECT_CLASS (kasir_sync_dashboard_parent_class)->finalize (object);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  kasir_sync_dashboard_retry_now (KASIR_SYNC_DASHBOARD (widget));
}

static void
kasir_sync_dashboard_class_init (KasirSyncDashboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kasir_sync_dashboard_dispose;
  object_class->finalize = kasir_sync_dashboard_finalize;

  g_type_ensure (KASIR_TYPE_SYNC_CHART);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/kasir-sync-dashboard.ui");
  gtk_widget_class_bind_template_child (widget_class, KasirSyncDashboard, toasts);
  gtk_widget_class_bind_template_child (widget_class, KasirSyncDashboard, metrics_box);
  gtk_widget_class_bind_template_child (widget_class, KasirSyncDashboard, chart);
  gtk_widget_class_bind_template_child (widget_class, KasirSyncDashboard, outbox_view);
  gtk_widget_class_bind_template_callback (widget_class, kasir_sync_dashboard_retry_now);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_install_action (widget_class, "dashboard.retry", NULL, retry_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "dashboard.retry", NULL);
}

static void
kasir_sync_dashboard_init (KasirSyncDashboard *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Small tiles, several to a line, so the outbox below stays in view. */
  for (guint i = 0; i < N_METRICS; i++)
    {
      GtkWidget *tile = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *title = gtk_label_new (_(metric_info[i].title));
      GtkWidget *value = gtk_label_new ("—");

      gtk_widget_add_css_class (tile, "card");
      gtk_widget_set_margin_top (title, 8);
      gtk_widget_set_margin_start (title, 12);
      gtk_widget_set_margin_end (title, 12);
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_widget_add_css_class (title, "caption");
      gtk_widget_add_css_class (title, "dim-label");
      gtk_widget_set_margin_bottom (value, 8);
      gtk_widget_set_margin_start (value, 12);
      gtk_widget_set_margin_end (value, 12);
      gtk_label_set_xalign (GTK_LABEL (value), 0);
      gtk_label_set_selectable (GTK_LABEL (value), TRUE);
      gtk_label_set_ellipsize (GTK_LABEL (value), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (value), 14);
      gtk_label_set_max_width_chars (GTK_LABEL (title), 18);
      gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (value, "title-4");
      gtk_widget_add_css_class (value, "numeric");
      gtk_box_append (GTK_BOX (tile), title);
      gtk_box_append (GTK_BOX (tile), value);
      /* Read together: "Rejected: 1". */
      gtk_accessible_update_relation (GTK_ACCESSIBLE (value), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                      title, NULL, -1);
      gtk_flow_box_append (self->metrics_box, tile);
      self->metric_labels[i] = GTK_LABEL (value);
    }

  self->rows = g_list_store_new (KASIR_TYPE_TEXT_ROW);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->rows)));
  gtk_column_view_set_model (self->outbox_view, GTK_SELECTION_MODEL (selection));
  kasir_text_row_add_column (self->outbox_view, _("Seq"), KASIR_DASHBOARD_COLUMN_SEQ, FALSE);
  kasir_text_row_add_column (self->outbox_view, _("Change"), KASIR_DASHBOARD_COLUMN_TYPE, FALSE);
  kasir_text_row_add_column (self->outbox_view, _("Made"), KASIR_DASHBOARD_COLUMN_CREATED, FALSE);
  kasir_text_row_add_column (self->outbox_view, _("State"), KASIR_DASHBOARD_COLUMN_STATE, FALSE);
  kasir_text_row_add_column (self->outbox_view, _("Attempts"), KASIR_DASHBOARD_COLUMN_ATTEMPTS, FALSE);
  kasir_text_row_add_column (self->outbox_view, _("Problem"), KASIR_DASHBOARD_COLUMN_PROBLEM, TRUE);
}
