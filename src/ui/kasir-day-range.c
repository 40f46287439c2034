/* kasir-day-range.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-day-range.h"
#include "kasir-ui-format.h"

struct _KasirDayRange
{
  GtkWidget    parent_instance;

  GDateTime   *days[2];      /* noon of the first and the last local day */
  GtkWidget   *buttons[2];   /* GtkMenuButton showing each day */
  GtkCalendar *calendars[2];
  gboolean     updating;     /* the calendars are being set from here, not picked */
};

G_DEFINE_FINAL_TYPE (KasirDayRange, kasir_day_range, GTK_TYPE_WIDGET)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static GDateTime *
noon_of (GDateTime *day)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (day);

  return g_date_time_new_local (g_date_time_get_year (local), g_date_time_get_month (local),
                                g_date_time_get_day_of_month (local), 12, 0, 0);
}

static void
show_days (KasirDayRange *self)
{
  self->updating = TRUE;
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *text = kasir_ui_format_day (self->days[i]);

      gtk_menu_button_set_label (GTK_MENU_BUTTON (self->buttons[i]), text);
      gtk_calendar_select_day (self->calendars[i], self->days[i]);
    }
  self->updating = FALSE;
}

/* Sets both days, turning a backward range round by moving the day not picked (@keep). */
static void
set_both (KasirDayRange *self,
          GDateTime     *first,
          GDateTime     *last,
          guint          keep)
{
  g_autoptr(GDateTime) a = noon_of (first);
  g_autoptr(GDateTime) b = noon_of (last);
  gboolean changed;

  if (g_date_time_compare (a, b) > 0)
    {
      if (keep == 0)
        {
          g_date_time_unref (b);
          b = g_date_time_ref (a);
        }
      else
        {
          g_date_time_unref (a);
          a = g_date_time_ref (b);
        }
    }
  changed = !g_date_time_equal (a, self->days[0]) || !g_date_time_equal (b, self->days[1]);
  g_date_time_unref (self->days[0]);
  self->days[0] = g_steal_pointer (&a);
  g_date_time_unref (self->days[1]);
  self->days[1] = g_steal_pointer (&b);
  show_days (self);
  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);
}

void
kasir_day_range_pick (KasirDayRange *self,
                      gboolean       last,
                      GDateTime     *day)
{
  g_return_if_fail (KASIR_IS_DAY_RANGE (self));
  g_return_if_fail (day != NULL);

  if (last)
    set_both (self, self->days[0], day, 1);
  else
    set_both (self, day, self->days[1], 0);
}

void
kasir_day_range_set_days (KasirDayRange *self,
                          GDateTime     *first,
                          GDateTime     *last)
{
  g_return_if_fail (KASIR_IS_DAY_RANGE (self));
  g_return_if_fail (first != NULL && last != NULL);

  set_both (self, first, last, 0);
}

GDateTime *
kasir_day_range_get_first (KasirDayRange *self)
{
  g_return_val_if_fail (KASIR_IS_DAY_RANGE (self), NULL);
  return self->days[0];
}

GDateTime *
kasir_day_range_get_last (KasirDayRange *self)
{
  g_return_val_if_fail (KASIR_IS_DAY_RANGE (self), NULL);
  return self->days[1];
}

static void
on_day_selected (GtkCalendar   *calendar,
                 KasirDayRange *self)
{
  g_autoptr(GDateTime) day = NULL;
  gboolean last = calendar == self->calendars[1];

  if (self->updating)
    return;
  day = gtk_calendar_get_date (calendar);
  kasir_day_range_pick (self, last, day);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->buttons[last]));
}

GtkWidget *
kasir_day_range_new (void)
{
  return g_object_new (KASIR_TYPE_DAY_RANGE, NULL);
}

static void
kasir_day_range_dispose (GObject *object)
{
  KasirDayRange *self = KASIR_DAY_RANGE (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->buttons[0] = self->buttons[1] = NULL;

  G_OBJECT_CLASS (kasir_day_range_parent_class)->dispose (object);
}

static void
kasir_day_range_finalize (GObject *object)
{
  KasirDayRange *self = KASIR_DAY_RANGE (object);

  g_clear_pointer (&self->days[0], g_date_time_unref);
  g_clear_pointer (&self->days[1], g_date_time_unref);

  G_OBJECT_CLASS (kasir_day_range_parent_class)->finalize (object);
}

static void
kasir_day_range_class_init (KasirDayRangeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kasir_day_range_dispose;
  object_class->finalize = kasir_day_range_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kasir_day_range_init (KasirDayRange *self)
{
  const char *names[2] = { _("First day of the report"), _("Last day of the report") };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GtkWidget *dash;

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 6);
  self->days[0] = noon_of (now);
  self->days[1] = noon_of (now);
  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *popover = gtk_popover_new ();
      GtkWidget *calendar = gtk_calendar_new ();

      gtk_accessible_update_property (GTK_ACCESSIBLE (calendar), GTK_ACCESSIBLE_PROPERTY_LABEL, names[i], -1);
      gtk_popover_set_child (GTK_POPOVER (popover), calendar);
      self->calendars[i] = GTK_CALENDAR (calendar);
      g_signal_connect (calendar, "day-selected", G_CALLBACK (on_day_selected), self);
      self->buttons[i] = gtk_menu_button_new ();
      gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->buttons[i]), popover);
      gtk_widget_set_tooltip_text (self->buttons[i], names[i]);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->buttons[i]), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      names[i], -1);
      if (i == 1)
        {
          dash = gtk_label_new ("–");
          gtk_accessible_update_state (GTK_ACCESSIBLE (dash), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
          gtk_widget_set_parent (dash, GTK_WIDGET (self));
        }
      gtk_widget_set_parent (self->buttons[i], GTK_WIDGET (self));
    }
  show_days (self);
}
