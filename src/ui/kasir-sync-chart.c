/* kasir-sync-chart.c — the sync dashboard's 24-hour chart.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "kasir-sync-chart.h"
#include "kasir-sync-history-repository.h"

#define PAD 8.0
/* Room under the plot for the time axis. */
#define AXIS 18.0

struct _KasirSyncChart
{
  GtkWidget  parent_instance;

  GArray    *hours;    /* KasirSyncHourBucket */
  char      *summary;
};

G_DEFINE_FINAL_TYPE (KasirSyncChart, kasir_sync_chart, GTK_TYPE_WIDGET)

/* The theme's named colours, so the chart follows the light and dark styles. */
static void
named_color (GtkWidget  *widget,
             const char *name,
             const char *fallback,
             GdkRGBA    *out)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (context, name, out))
    gdk_rgba_parse (out, fallback);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
kasir_sync_chart_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  KasirSyncChart *self = KASIR_SYNC_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double plot_w = width - 2 * PAD, plot_h = height - 2 * PAD - AXIS;
  gint64 max_runs = 1, max_pending = 1;
  GdkRGBA success, failure, pending, grid;
  guint n = self->hours != NULL ? self->hours->len : 0;
  double slot;
  cairo_t *cr;

  if (n == 0 || plot_w <= 0 || plot_h <= 0)
    return;

  named_color (widget, "success_color", "#1b8553", &success);
  named_color (widget, "error_color", "#c01c28", &failure);
  named_color (widget, "accent_color", "#1c71d8", &pending);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &grid);
  G_GNUC_END_IGNORE_DEPRECATIONS
  grid.alpha = 0.15f;

  for (guint i = 0; i < n; i++)
    {
      const KasirSyncHourBucket *b = &g_array_index (self->hours, KasirSyncHourBucket, i);

      max_runs = MAX (max_runs, b->successes + b->failures);
      max_pending = MAX (max_pending, b->pending_max);
    }
  slot = plot_w / n;

  /* The base line and a faint band behind every other hour, for reading across. */
  gtk_snapshot_append_color (snapshot, &grid,
                             &GRAPHENE_RECT_INIT (PAD, PAD + plot_h - 1, plot_w, 1));
  for (guint i = 0; i < n; i += 2)
    {
      GdkRGBA band = grid;

      band.alpha = 0.05f;
      gtk_snapshot_append_color (snapshot, &band,
                                 &GRAPHENE_RECT_INIT (PAD + i * slot, PAD, slot, plot_h));
    }

  for (guint i = 0; i < n; i++)
    {
      const KasirSyncHourBucket *b = &g_array_index (self->hours, KasirSyncHourBucket, i);
      double x = PAD + i * slot + slot * 0.15;
      double w = MAX (1.0, slot * 0.7);
      double ok_h = plot_h * b->successes / max_runs;
      double bad_h = plot_h * b->failures / max_runs;

      if (ok_h > 0)
        gtk_snapshot_append_color (snapshot, &success,
                                   &GRAPHENE_RECT_INIT (x, PAD + plot_h - ok_h, w, ok_h));
      if (bad_h > 0)
        gtk_snapshot_append_color (snapshot, &failure,
                                   &GRAPHENE_RECT_INIT (x, PAD + plot_h - ok_h - bad_h, w, bad_h));
    }

  /* The time axis: where the day starts and ends, and the tallest bar's count. */
  {
    GdkRGBA text = grid;
    g_autoptr(PangoLayout) left = gtk_widget_create_pango_layout (widget, _("24 hours ago"));
    g_autoptr(PangoLayout) right = gtk_widget_create_pango_layout (widget, _("now"));
    g_autofree char *peak_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "%" PRId64 " sync",
                                                               "%" PRId64 " syncs", max_runs),
                                                  max_runs);
    g_autoptr(PangoLayout) peak = gtk_widget_create_pango_layout (widget, peak_text);
    int w, h;

    text.alpha = 0.6f;
    pango_layout_get_pixel_size (left, &w, &h);
    gtk_snapshot_save (snapshot);
    gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (PAD, height - h - 2));
    gtk_snapshot_append_layout (snapshot, left, &text);
    gtk_snapshot_restore (snapshot);
    pango_layout_get_pixel_size (right, &w, &h);
    gtk_snapshot_save (snapshot);
    gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (width - PAD - w, height - h - 2));
    gtk_snapshot_append_layout (snapshot, right, &text);
    gtk_snapshot_restore (snapshot);
    gtk_snapshot_save (snapshot);
    gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (PAD + 4, PAD));
    gtk_snapshot_append_layout (snapshot, peak, &text);
    gtk_snapshot_restore (snapshot);
  }

  /* The queue left behind, as a line through the hours that had a sync. */
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_cairo_set_source_rgba (cr, &pending);
  cairo_set_line_width (cr, 2.0);
  {
    gboolean drawing = FALSE;

    for (guint i = 0; i < n; i++)
      {
        const KasirSyncHourBucket *b = &g_array_index (self->hours, KasirSyncHourBucket, i);
        double x = PAD + (i + 0.5) * slot;
        double y;

        if (b->pending_max < 0)
          {
            drawing = FALSE;
            continue;
          }
        y = PAD + plot_h - (plot_h * 0.95) * b->pending_max / max_pending;
        if (drawing)
          cairo_line_to (cr, x, y);
        else
          cairo_move_to (cr, x, y);
        drawing = TRUE;
        cairo_arc (cr, x, y, 2.5, 0, 2 * G_PI);
        cairo_move_to (cr, x, y);
      }
  }
  cairo_stroke (cr);
  cairo_destroy (cr);
}

static void
kasir_sync_chart_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 180;
}

static void
update_summary (KasirSyncChart *self)
{
  gint64 successes = 0, failures = 0, peak = -1;

  for (guint i = 0; self->hours != NULL && i < self->hours->len; i++)
    {
      const KasirSyncHourBucket *b = &g_array_index (self->hours, KasirSyncHourBucket, i);

      successes += b->successes;
      failures += b->failures;
      peak = MAX (peak, b->pending_max);
    }
  g_free (self->summary);
  if (successes + failures == 0)
    self->summary = g_strdup (_("No syncs in the last 24 hours."));
  else
    /* TRANSLATORS: the chart's description for screen readers. */
    self->summary = g_strdup_printf (_("Last 24 hours: %" PRId64 " successful syncs, "
                                       "%" PRId64 " failed; at most %" PRId64
                                       " changes were waiting after a sync."),
                                     successes, failures, MAX (peak, (gint64) 0));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->summary, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), self->summary);
}

void
kasir_sync_chart_set_hours (KasirSyncChart *self,
                            GArray         *hours)
{
  g_return_if_fail (KASIR_IS_SYNC_CHART (self));

  g_array_set_size (self->hours, 0);
  if (hours != NULL)
    g_array_append_vals (self->hours, hours->data, hours->len);
  update_summary (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
kasir_sync_chart_get_summary (KasirSyncChart *self)
{
  g_return_val_if_fail (KASIR_IS_SYNC_CHART (self), NULL);
  return self->summary;
}

GtkWidget *
kasir_sync_chart_new (void)
{
  return g_object_new (KASIR_TYPE_SYNC_CHART, NULL);
}

static void
kasir_sync_chart_finalize (GObject *object)
{
  KasirSyncChart *self = KASIR_SYNC_CHART (object);

  g_array_unref (self->hours);
  g_free (self->summary);

  G_OBJECT_CLASS (kasir_sync_chart_parent_class)->finalize (object);
}

static void
kasir_sync_chart_class_init (KasirSyncChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = kasir_sync_chart_finalize;
  widget_class->snapshot = kasir_sync_chart_snapshot;
  widget_class->measure = kasir_sync_chart_measure;
  gtk_widget_class_set_css_name (widget_class, "kasir-sync-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
kasir_sync_chart_init (KasirSyncChart *self)
{
  self->hours = g_array_new (FALSE, TRUE, sizeof (KasirSyncHourBucket));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Syncs in the last 24 hours"), -1);
  update_summary (self);
}
