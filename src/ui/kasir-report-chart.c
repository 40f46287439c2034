/* kasir-report-chart.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kasir-report-chart.h"
#include "kasir-ui-money.h"

#define PAD 8.0
#define AXIS 18.0
#define HOURS 24

struct _KasirReportChart
{
  GtkWidget   parent_instance;

  KasirMoney  net[HOURS];
  gboolean    any_sales;
  char       *currency;
  char       *summary;
};

G_DEFINE_FINAL_TYPE (KasirReportChart, kasir_report_chart, GTK_TYPE_WIDGET)

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
append_text (GtkWidget     *widget,
             GtkSnapshot   *snapshot,
             const char    *text,
             double         x,
             double         y,
             const GdkRGBA *color)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
kasir_report_chart_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  KasirReportChart *self = KASIR_REPORT_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double plot_w = width - 2 * PAD, plot_h = height - 2 * PAD - AXIS;
  KasirMoney max = 0;
  GdkRGBA bar, grid, text;
  double slot;

  if (plot_w <= 0 || plot_h <= 0)
    return;

  named_color (widget, "accent_color", "#1c71d8", &bar);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &grid);
  G_GNUC_END_IGNORE_DEPRECATIONS
  text = grid;
  text.alpha = 0.6f;
  grid.alpha = 0.15f;
  for (guint i = 0; i < HOURS; i++)
    max = MAX (max, self->net[i]);
  slot = plot_w / HOURS;
  if (max == 0)
    max = 1;

  gtk_snapshot_append_color (snapshot, &grid, &GRAPHENE_RECT_INIT (PAD, PAD + plot_h - 1, plot_w, 1));
  for (guint i = 0; i < HOURS; i += 2)
    {
      GdkRGBA band = grid;

      band.alpha = 0.05f;
      gtk_snapshot_append_color (snapshot, &band, &GRAPHENE_RECT_INIT (PAD + i * slot, PAD, slot, plot_h));
    }
  for (guint i = 0; i < HOURS; i++)
    {
      double h = plot_h * (double) self->net[i] / (double) max;

      if (h > 0)
        gtk_snapshot_append_color (snapshot, &bar,
                                   &GRAPHENE_RECT_INIT (PAD + i * slot + slot * 0.15,
                                                        PAD + plot_h - h, MAX (1.0, slot * 0.7), h));
    }

  /* Hours 0, 6, 12 and 18 under the axis, and the tallest hour's amount at the top. */
  for (guint i = 0; i < HOURS; i += 6)
    {
      g_autofree char *label = g_strdup_printf ("%02u:00", i);

      append_text (widget, snapshot, label, PAD + i * slot, height - AXIS, &text);
    }
  if (self->any_sales)
    {
      g_autofree char *peak = kasir_ui_money_format (max, self->currency);

      append_text (widget, snapshot, peak, PAD + 4, PAD, &text);
    }
}

static void
kasir_report_chart_measure (GtkWidget      *widget,
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

void
kasir_report_chart_set_hours (KasirReportChart *self,
                              const KasirMoney *net,
                              const char       *currency)
{
  guint busiest = 0;
  KasirMoney total = 0;

  g_return_if_fail (KASIR_IS_REPORT_CHART (self));
  g_return_if_fail (net != NULL);

  memcpy (self->net, net, sizeof self->net);
  g_free (self->currency);
  self->currency = g_strdup (currency);
  for (guint i = 0; i < HOURS; i++)
    {
      total += net[i];
      if (net[i] > net[busiest])
        busiest = i;
    }
  self->any_sales = total != 0;
  g_free (self->summary);
  if (total == 0)
    self->summary = g_strdup (_("No sales in this report."));
  else
    {
      g_autofree char *amount = kasir_ui_money_format (net[busiest], currency);

      /* TRANSLATORS: the chart's description for screen readers. */
      self->summary = g_strdup_printf (_("Sales by hour; the busiest hour starts at %02u:00 with %s."),
                                       busiest, amount);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->summary, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
kasir_report_chart_get_summary (KasirReportChart *self)
{
  g_return_val_if_fail (KASIR_IS_REPORT_CHART (self), NULL);
  return self->summary;
}

GtkWidget *
kasir_report_chart_new (void)
{
  return g_object_new (KASIR_TYPE_REPORT_CHART, NULL);
}

static void
kasir_report_chart_finalize (GObject *object)
{
  KasirReportChart *self = KASIR_REPORT_CHART (object);

  g_free (self->currency);
  g_free (self->summary);
  G_OBJECT_CLASS (kasir_report_chart_parent_class)->finalize (object);
}

static void
kasir_report_chart_class_init (KasirReportChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = kasir_report_chart_finalize;
  widget_class->snapshot = kasir_report_chart_snapshot;
  widget_class->measure = kasir_report_chart_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
kasir_report_chart_init (KasirReportChart *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Sales by hour"), -1);
}
