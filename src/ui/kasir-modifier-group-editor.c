/* kasir-modifier-group-editor.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-modifier-group-editor.h"

struct _KasirModifierGroupEditor
{
  AdwPreferencesGroup  parent_instance;

  GPtrArray           *groups;     /* KasirModifierGroup*, in order */
  char                *currency;
  gboolean             changed;
  guint                editing;    /* the group the open dialog edits; G_MAXUINT: new */
  gboolean             unavailable;

  GtkListBox          *groups_list;
  GtkLabel            *empty_label;
  GtkWidget           *add_button;
};

G_DEFINE_FINAL_TYPE (KasirModifierGroupEditor, kasir_modifier_group_editor, ADW_TYPE_PREFERENCES_GROUP)

static char *
summary (const KasirModifierGroup *group)
{
  g_autofree char *kind = NULL;
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u option", "%u options",
                                                         group->options->len),
                                            group->options->len);

  if (!group->multiple)
    kind = g_strdup (group->min > 0 ? _("Single choice, required") : _("Single choice, optional"));
  else if (group->min == 0 && group->max == 0)
    kind = g_strdup (_("Multiple choice, optional"));
  else if (group->min == 0)
    kind = g_strdup_printf (_("Multiple choice, up to %u"), group->max);
  else if (group->max == 0)
    kind = g_strdup_printf (_("Multiple choice, at least %u"), group->min);
  else
    kind = g_strdup_printf (_("Multiple choice, %u to %u"), group->min, group->max);
  /* TRANSLATORS: a modifier group's kind, then how many options it has. */
  return g_strdup_printf (_("%s · %s"), kind, count);
}

static guint
index_of_widget (KasirModifierGroupEditor *self,
                 GtkWidget                *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX_ROW);

  return row != NULL ? (guint) gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) : G_MAXUINT;
}

static void
on_edit_clicked (GtkButton                *button,
                 KasirModifierGroupEditor *self)
{
  guint index = index_of_widget (self, GTK_WIDGET (button));

  if (index < self->groups->len)
    gtk_window_present (GTK_WINDOW (kasir_modifier_group_editor_edit (self, index)));
}

static void
on_up_clicked (GtkButton                *button,
               KasirModifierGroupEditor *self)
{
  guint index = index_of_widget (self, GTK_WIDGET (button));

  if (index < self->groups->len)
    kasir_modifier_group_editor_move (self, index, -1);
}

static void
on_down_clicked (GtkButton                *button,
                 KasirModifierGroupEditor *self)
{
  guint index = index_of_widget (self, GTK_WIDGET (button));

  if (index < self->groups->len)
    kasir_modifier_group_editor_move (self, index, 1);
}

static void
on_remove_clicked (GtkButton                *button,
                   KasirModifierGroupEditor *self)
{
  guint index = index_of_widget (self, GTK_WIDGET (button));

  if (index < self->groups->len)
    kasir_modifier_group_editor_remove (self, index);
}

static void
on_row_activated (GtkListBox               *box,
                  GtkListBoxRow            *row,
                  KasirModifierGroupEditor *self)
{
  guint index = (guint) gtk_list_box_row_get_index (row);

  if (index < self->groups->len)
    gtk_window_present (GTK_WINDOW (kasir_modifier_group_editor_edit (self, index)));
}

static GtkWidget *
icon_button (const char *icon,
             const char *label,
             GCallback   callback,
             gpointer    data)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, label);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_signal_connect (button, "clicked", callback, data);
  return button;
}

/* Shows the groups again, keyboard focus on row @focus when there is one. */
static void
rebuild (KasirModifierGroupEditor *self,
         guint                     focus)
{
  GtkWidget *child;
  GtkWidget *focus_row = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_list))) != NULL)
    gtk_list_box_remove (self->groups_list, child);
  for (guint i = 0; i < self->groups->len && !self->unavailable; i++)
    {
      const KasirModifierGroup *group = self->groups->pdata[i];
      g_autofree char *subtitle = summary (group);
      g_autofree char *edit_label = g_strdup_printf (_("Edit “%s”"), group->name);
      g_autofree char *up_label = g_strdup_printf (_("Move “%s” up"), group->name);
      g_autofree char *down_label = g_strdup_printf (_("Move “%s” down"), group->name);
      g_autofree char *remove_label = g_strdup_printf (_("Remove “%s”"), group->name);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), group->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 icon_button ("document-edit-symbolic", edit_label,
                                              G_CALLBACK (on_edit_clicked), self));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 icon_button ("go-up-symbolic", up_label,
                                              G_CALLBACK (on_up_clicked), self));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 icon_button ("go-down-symbolic", down_label,
                                              G_CALLBACK (on_down_clicked), self));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 icon_button ("user-trash-symbolic", remove_label,
                                              G_CALLBACK (on_remove_clicked), self));
      gtk_list_box_append (self->groups_list, row);
      if (i == focus)
        focus_row = row;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->groups_list), self->groups->len > 0 && !self->unavailable);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), self->groups->len == 0 || self->unavailable);
  gtk_widget_set_sensitive (self->add_button, !self->unavailable);
  if (focus_row != NULL)
    gtk_widget_grab_focus (focus_row);
}

void
kasir_modifier_group_editor_set_groups (KasirModifierGroupEditor *self,
                                        GPtrArray                *groups,
                                        const char               *currency)
{
  g_return_if_fail (KASIR_IS_MODIFIER_GROUP_EDITOR (self));

  g_clear_pointer (&self->groups, g_ptr_array_unref);
  self->groups = groups != NULL ? kasir_modifier_groups_copy (groups)
                                : g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_modifier_group_free);
  g_free (self->currency);
  self->currency = g_strdup (currency);
  self->changed = FALSE;
  rebuild (self, G_MAXUINT);
}

GPtrArray *
kasir_modifier_group_editor_get_groups (KasirModifierGroupEditor *self)
{
  g_return_val_if_fail (KASIR_IS_MODIFIER_GROUP_EDITOR (self), NULL);

  return self->groups;
}

gboolean
kasir_modifier_group_editor_get_changed (KasirModifierGroupEditor *self)
{
  g_return_val_if_fail (KASIR_IS_MODIFIER_GROUP_EDITOR (self), FALSE);

  return self->changed;
}

void
kasir_modifier_group_editor_set_unavailable (KasirModifierGroupEditor *self,
                                             const char               *why)
{
  g_return_if_fail (KASIR_IS_MODIFIER_GROUP_EDITOR (self));

  self->unavailable = why != NULL;
  gtk_label_set_text (self->empty_label,
                      why != NULL ? why : _("No modifiers: the product is added to the cart as it is."));
  rebuild (self, G_MAXUINT);
}

static void
on_group_done (KasirModifierGroupDialog *dialog,
               KasirModifierGroup       *group,
               KasirModifierGroupEditor *self)
{
  guint index = self->editing;

  if (index < self->groups->len)
    {
      kasir_modifier_group_free (self->groups->pdata[index]);
      self->groups->pdata[index] = kasir_modifier_group_copy (group);
    }
  else
    {
      g_ptr_array_add (self->groups, kasir_modifier_group_copy (group));
      index = self->groups->len - 1;
    }
  self->changed = TRUE;
  rebuild (self, index);
}

KasirModifierGroupDialog *
kasir_modifier_group_editor_edit (KasirModifierGroupEditor *self,
                                  guint                     index)
{
  GtkRoot *root;
  KasirModifierGroupDialog *dialog;

  g_return_val_if_fail (KASIR_IS_MODIFIER_GROUP_EDITOR (self), NULL);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  self->editing = index < self->groups->len ? index : G_MAXUINT;
  dialog = kasir_modifier_group_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                            index < self->groups->len ? self->groups->pdata[index] : NULL,
                                            self->currency);
  g_signal_connect_object (dialog, "done", G_CALLBACK (on_group_done), self, 0);
  return dialog;
}

static void
on_add_clicked (KasirModifierGroupEditor *self)
{
  gtk_window_present (GTK_WINDOW (kasir_modifier_group_editor_edit (self, G_MAXUINT)));
}

void
kasir_modifier_group_editor_move (KasirModifierGroupEditor *self,
                                  guint                     index,
                                  int                       step)
{
  gpointer group;
  guint to;

  g_return_if_fail (KASIR_IS_MODIFIER_GROUP_EDITOR (self));
  g_return_if_fail (index < self->groups->len);

  if ((step < 0 && index == 0) || (step > 0 && index + 1 >= self->groups->len))
    return;
  to = step < 0 ? index - 1 : index + 1;
  group = g_ptr_array_steal_index (self->groups, index);
  g_ptr_array_insert (self->groups, to, group);
  self->changed = TRUE;
  rebuild (self, to);
}

void
kasir_modifier_group_editor_remove (KasirModifierGroupEditor *self,
                                    guint                     index)
{
  g_return_if_fail (KASIR_IS_MODIFIER_GROUP_EDITOR (self));
  g_return_if_fail (index < self->groups->len);

  g_ptr_array_remove_index (self->groups, index);
  self->changed = TRUE;
  rebuild (self, self->groups->len > 0 ? MIN (index, self->groups->len - 1) : G_MAXUINT);
}

static void
kasir_modifier_group_editor_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KASIR_TYPE_MODIFIER_GROUP_EDITOR);

  G_OBJECT_CLASS (kasir_modifier_group_editor_parent_class)->dispose (object);
}

static void
kasir_modifier_group_editor_finalize (GObject *object)
{
  KasirModifierGroupEditor *self = KASIR_MODIFIER_GROUP_EDITOR (object);

  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_free (self->currency);

  G_OBJECT_CLASS (kasir_modifier_group_editor_parent_class)->finalize (object);
}

static void
kasir_modifier_group_editor_class_init (KasirModifierGroupEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kasir_modifier_group_editor_dispose;
  object_class->finalize = kasir_modifier_group_editor_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/kasir-modifier-group-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, KasirModifierGroupEditor, groups_list);
  gtk_widget_class_bind_template_child (widget_class, KasirModifierGroupEditor, empty_label);
  gtk_widget_class_bind_template_child (widget_class, KasirModifierGroupEditor, add_button);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
}

static void
kasir_modifier_group_editor_init (KasirModifierGroupEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_modifier_group_free);
  self->editing = G_MAXUINT;
  g_signal_connect_object (self->groups_list, "row-activated", G_CALLBACK (on_row_activated), self, 0);
  rebuild (self, G_MAXUINT);
}
