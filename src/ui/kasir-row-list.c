/* kasir-row-list.c — see kasir-row-list.h.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-row-list.h"

void
kasir_row_list_build (KasirRowList *self,
                      AdwWindow    *window,
                      const char   *list_name,
                      const char   *empty_title,
                      const char   *empty_description,
                      GCallback     on_row_activated,
                      gpointer      data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *empty = adw_status_page_new ();

  g_return_if_fail (ADW_IS_WINDOW (window));

  self->rows = g_ptr_array_new ();
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());

  self->message_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->message_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Message"), -1);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), FALSE);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  list_name, -1);
  g_signal_connect_object (self->list, "row-activated", on_row_activated, data, 0);

  gtk_widget_set_margin_top (inner, 18);
  gtk_widget_set_margin_bottom (inner, 18);
  gtk_widget_set_margin_start (inner, 12);
  gtk_widget_set_margin_end (inner, 12);
  gtk_box_append (GTK_BOX (inner), GTK_WIDGET (self->message_label));
  gtk_box_append (GTK_BOX (inner), GTK_WIDGET (self->list));
  adw_clamp_set_child (ADW_CLAMP (clamp), inner);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "document-open-recent-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), empty_title);
  adw_status_page_set_description (ADW_STATUS_PAGE (empty), empty_description);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_stack_add_named (self->stack, scrolled, "list");
  gtk_stack_add_named (self->stack, empty, "empty");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  adw_window_set_content (window, box);
}

void
kasir_row_list_set_message (KasirRowList *self,
                            const char   *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

void
kasir_row_list_clear (KasirRowList *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    gtk_list_box_remove (self->list, self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);
}

AdwActionRow *
kasir_row_list_append (KasirRowList *self,
                       const char   *title,
                       const char   *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_list_box_append (self->list, row);
  g_ptr_array_add (self->rows, row);

  return ADW_ACTION_ROW (row);
}

void
kasir_row_list_add_total (AdwActionRow *row,
                          const char   *total)
{
  GtkWidget *total_label = gtk_label_new (total);

  gtk_widget_add_css_class (total_label, "numeric");
  gtk_widget_add_css_class (total_label, "title-4");
  adw_action_row_add_suffix (row, total_label);
}

void
kasir_row_list_show (KasirRowList *self)
{
  gtk_stack_set_visible_child_name (self->stack, self->rows->len > 0 ? "list" : "empty");
}

GtkListBoxRow *
kasir_row_list_get_row (KasirRowList *self,
                        guint         index)
{
  return index < self->rows->len ? self->rows->pdata[index] : NULL;
}

void
kasir_row_list_free_data (KasirRowList *self)
{
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->message, g_free);
}
