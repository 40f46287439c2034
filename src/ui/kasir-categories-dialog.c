/* kasir-categories-dialog.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-catalog-admin-repository.h"
#include "kasir-categories-dialog.h"

struct _KasirCategoriesDialog
{
  KasirTillDialog              parent_instance;

  KasirCatalogAdminRepository *admin;
  gint64                       manager_id;  /* who approved opening the catalog */
  GPtrArray                   *categories;  /* KasirCategory*, as listed */

  AdwEntryRow                 *new_row;
  GtkListBox                  *list;
  GtkLabel                    *error_label;
};

G_DEFINE_FINAL_TYPE (KasirCategoriesDialog, kasir_categories_dialog, KASIR_TYPE_TILL_DIALOG)

static void reload (KasirCategoriesDialog *self);

static void
show_error (KasirCategoriesDialog *self,
            const GError          *error)
{
  gtk_label_set_text (self->error_label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
}

/* The category a row's button or entry belongs to. */
static gint64
category_of (GtkWidget *widget)
{
  return GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (widget), "kasir-category-id"));
}

static void
on_rename (KasirCategoriesDialog *self,
           AdwEntryRow           *row)
{
  g_autoptr(GError) error = NULL;

  if (!kasir_catalog_admin_repository_rename_category (self->admin, self->manager_id, category_of (GTK_WIDGET (row)),
                                                       gtk_editable_get_text (GTK_EDITABLE (row)),
                                                       &error))
    {
      show_error (self, error);
      return;
    }
  show_error (self, NULL);
  reload (self);
}

static void
on_move (KasirCategoriesDialog *self,
         GtkButton             *button)
{
  g_autoptr(GError) error = NULL;
  int step = g_str_equal (gtk_widget_get_name (GTK_WIDGET (button)), "up") ? -1 : 1;

  /* A refusal said before no longer applies once something was done. */
  show_error (self, kasir_catalog_admin_repository_move_category (self->admin, category_of (GTK_WIDGET (button)),
                                                                  step, &error) ? NULL : error);
  reload (self);
}

static void
on_archive (KasirCategoriesDialog *self,
            GtkButton             *button)
{
  g_autoptr(GError) error = NULL;
  gboolean archive = g_str_equal (gtk_widget_get_name (GTK_WIDGET (button)), "archive");

  show_error (self, kasir_catalog_admin_repository_archive_category (self->admin, self->manager_id,
                                                                     category_of (GTK_WIDGET (button)),
                                                                     archive, &error) ? NULL : error);
  reload (self);
}

static GtkWidget *
row_button (KasirCategoriesDialog *self,
            const KasirCategory   *c,
            const char            *name,
            const char            *icon,
            const char            *label,
            GCallback              callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, label);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  /* The id rides on the button itself (a plain integer, not the till's context). */
  g_object_set_data (G_OBJECT (button), "kasir-category-id", GSIZE_TO_POINTER ((gsize) c->id));
  g_signal_connect_object (button, "clicked", callback, self, G_CONNECT_SWAPPED);

  return button;
}

static GtkWidget *
make_row (KasirCategoriesDialog *self,
          const KasirCategory   *c)
{
  GtkWidget *row = adw_entry_row_new ();
  g_autofree char *up = g_strdup_printf (_("Move “%s” up"), c->name);
  g_autofree char *down = g_strdup_printf (_("Move “%s” down"), c->name);
  g_autofree char *archive = g_strdup_printf (c->archived ? _("Restore “%s”") : _("Archive “%s”"),
                                              c->name);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 c->archived ? _("Archived category") : _("Category"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (row), c->name);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "kasir-category-id", GSIZE_TO_POINTER ((gsize) c->id));
  g_signal_connect_object (row, "apply", G_CALLBACK (on_rename), self, G_CONNECT_SWAPPED);
  if (!c->archived)
    {
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row),
                                row_button (self, c, "up", "go-up-symbolic", up, G_CALLBACK (on_move)));
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row),
                                row_button (self, c, "down", "go-down-symbolic", down, G_CALLBACK (on_move)));
    }
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row),
                            row_button (self, c, c->archived ? "restore" : "archive",
                                        c->archived ? "edit-undo-symbolic" : "user-trash-symbolic",
                                        archive, G_CALLBACK (on_archive)));
  return row;
}

static void
reload (KasirCategoriesDialog *self)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  self->categories = kasir_catalog_admin_repository_list_categories (self->admin, &error);
  if (self->categories == NULL)
    {
      show_error (self, error);
      return;
    }
  for (guint i = 0; i < self->categories->len; i++)
    gtk_list_box_append (self->list, make_row (self, self->categories->pdata[i]));
}

gboolean
kasir_categories_dialog_add (KasirCategoriesDialog  *self,
                             const char             *name,
                             GError                **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (KASIR_IS_CATEGORIES_DIALOG (self), FALSE);

  if (kasir_catalog_admin_repository_add_category (self->admin, self->manager_id, name, &local_error) == 0)
    {
      show_error (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  show_error (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->new_row), "");
  reload (self);
  return TRUE;
}

static void
on_add (KasirCategoriesDialog *self)
{
  g_autofree char *name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_row)));

  kasir_categories_dialog_add (self, name, NULL);
}

char *
kasir_categories_dialog_describe (KasirCategoriesDialog *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (KASIR_IS_CATEGORIES_DIALOG (self), NULL);

  for (guint i = 0; self->categories != NULL && i < self->categories->len; i++)
    {
      const KasirCategory *c = self->categories->pdata[i];

      g_string_append_printf (text, "%s%s%s", i > 0 ? ", " : "", c->name,
                              c->archived ? " (archived)" : "");
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

KasirCategoriesDialog *
kasir_categories_dialog_new (GtkWindow        *parent,
                             KasirTillContext *context,
                             gint64            manager_id)
{
  KasirCategoriesDialog *self;

  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), NULL);
  g_return_val_if_fail (kasir_till_context_get_database (context) != NULL, NULL);

  self = g_object_new (KASIR_TYPE_CATEGORIES_DIALOG,
                       "transient-for", parent,
                       "context", context,
                       NULL);
  self->admin = kasir_catalog_admin_repository_new (kasir_till_context_get_database (context));
  self->manager_id = manager_id;
  reload (self);

  return self;
}

static void
kasir_categories_dialog_dispose (GObject *object)
{
  KasirCategoriesDialog *self = KASIR_CATEGORIES_DIALOG (object);

  g_clear_object (&self->admin);
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), KASIR_TYPE_CATEGORIES_DIALOG);

  G_OBJECT_CLASS (kasir_categories_dialog_parent_class)->dispose (object);
}

static void
kasir_categories_dialog_class_init (KasirCategoriesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kasir_categories_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kasir-categories-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KasirCategoriesDialog, new_row);
  gtk_widget_class_bind_template_child (widget_class, KasirCategoriesDialog, list);
  gtk_widget_class_bind_template_child (widget_class, KasirCategoriesDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_add);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kasir_categories_dialog_init (KasirCategoriesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
