/* kasir-startup-page.c — a whole page saying why the till cannot start, and what to do.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-startup-page.h"

struct _KasirStartupPage
{
  AdwBin              parent_instance;

  KasirStartupProblem problem;

  AdwStatusPage      *status;
  GtkLabel           *detail;
  GtkButton          *retry_button;
  GtkButton          *help_button;
};

G_DEFINE_FINAL_TYPE (KasirStartupPage, kasir_startup_page, ADW_TYPE_BIN)

enum {
  RETRY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
kasir_startup_page_set_problem (KasirStartupPage    *self,
                                KasirStartupProblem  problem,
                                const char          *description,
                                const char          *detail)
{
  g_autofree char *target = NULL;

  g_return_if_fail (KASIR_IS_STARTUP_PAGE (self));

  self->problem = problem;
  adw_status_page_set_icon_name (self->status, kasir_startup_problem_get_icon_name (problem));
  adw_status_page_set_title (self->status, kasir_startup_problem_get_title (problem));
  adw_status_page_set_description (self->status,
                                   description != NULL ? description
                                                       : kasir_startup_problem_get_description (problem));
  /* What the program was told, for whoever looks after the computer: selectable, small. */
  gtk_label_set_label (self->detail, detail != NULL ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->detail), detail != NULL && *detail != '\0');

  /* Help opens the troubleshooting section on this very problem. */
  target = g_strdup_printf ("troubleshooting#%s", kasir_startup_problem_get_id (problem));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->help_button), "s", target);

  gtk_widget_set_sensitive (GTK_WIDGET (self->retry_button), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->retry_button));
}

KasirStartupProblem
kasir_startup_page_get_problem (KasirStartupPage *self)
{
  g_return_val_if_fail (KASIR_IS_STARTUP_PAGE (self), KASIR_STARTUP_OK);

  return self->problem;
}

const char *
kasir_startup_page_get_title (KasirStartupPage *self)
{
  g_return_val_if_fail (KASIR_IS_STARTUP_PAGE (self), NULL);

  return adw_status_page_get_title (self->status);
}

const char *
kasir_startup_page_get_description (KasirStartupPage *self)
{
  g_return_val_if_fail (KASIR_IS_STARTUP_PAGE (self), NULL);

  return adw_status_page_get_description (self->status);
}

gboolean
kasir_startup_page_get_trying (KasirStartupPage *self)
{
  g_return_val_if_fail (KASIR_IS_STARTUP_PAGE (self), FALSE);

  return !gtk_widget_get_sensitive (GTK_WIDGET (self->retry_button));
}

void
kasir_startup_page_retry (KasirStartupPage *self)
{
  g_return_if_fail (KASIR_IS_STARTUP_PAGE (self));

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->retry_button)))
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->retry_button), FALSE);
  g_signal_emit (self, signals[RETRY], 0);
}

static void
kasir_startup_page_class_init (KasirStartupPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* AdwBin's dispose unparents the template's one child; disposing the template as
   * well would unparent it twice. */
  signals[RETRY] =
    g_signal_new ("retry", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kasir-startup-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KasirStartupPage, status);
  gtk_widget_class_bind_template_child (widget_class, KasirStartupPage, detail);
  gtk_widget_class_bind_template_child (widget_class, KasirStartupPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, KasirStartupPage, help_button);
  gtk_widget_class_bind_template_callback (widget_class, kasir_startup_page_retry);
}

static void
kasir_startup_page_init (KasirStartupPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kasir_startup_page_new (void)
{
  return g_object_new (KASIR_TYPE_STARTUP_PAGE, NULL);
}
