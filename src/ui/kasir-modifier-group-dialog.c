/* kasir-modifier-group-dialog.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-input-error.h"
#include "kasir-modifier-group-dialog.h"
#include "kasir-ui-money.h"

/* One option row: what the person types, and the id the option had (0: new). */
typedef struct
{
  GtkWidget *row;
  GtkEntry  *name;
  GtkEntry  *price;
  gint64     id;
} OptionRow;

struct _KasirModifierGroupDialog
{
  AdwWindow           parent_instance;

  KasirModifierGroup *group;      /* the group as it was: id and version kept */
  char               *currency;
  GPtrArray          *options;    /* OptionRow*, in the order shown */

  AdwEntryRow        *name_row;
  GtkSwitch          *multiple_switch;
  GtkSwitch          *required_switch;
  AdwEntryRow        *min_row;
  AdwEntryRow        *max_row;
  GtkListBox         *options_list;
  GtkLabel           *error_label;
  GtkWidget          *done_button;
};

G_DEFINE_FINAL_TYPE (KasirModifierGroupDialog, kasir_modifier_group_dialog, ADW_TYPE_WINDOW)

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
option_row_free (OptionRow *self)
{
  g_clear_object (&self->row);
  g_free (self);
}

static void
show_error (KasirModifierGroupDialog *self,
            const char               *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* A change answers what was said about the last attempt. */
static void
on_edited (KasirModifierGroupDialog *self)
{
  show_error (self, NULL);
}

/* The limits only mean something for a multiple choice; the minimum only when required. */
static void
on_kind_changed (KasirModifierGroupDialog *self)
{
  gboolean multiple = gtk_switch_get_active (self->multiple_switch);
  gboolean required = gtk_switch_get_active (self->required_switch);

  show_error (self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->min_row), multiple && required);
  gtk_widget_set_visible (GTK_WIDGET (self->max_row), multiple);
}

static guint
index_of_widget (KasirModifierGroupDialog *self,
                 GtkWidget                *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX_ROW);

  for (guint i = 0; i < self->options->len; i++)
    if (((OptionRow *) self->options->pdata[i])->row == row)
      return i;
  return G_MAXUINT;
}

static void
on_move_up_clicked (GtkButton                *button,
                    KasirModifierGroupDialog *self)
{
  guint index = index_of_widget (self, GTK_WIDGET (button));

  if (index != G_MAXUINT)
    kasir_modifier_group_dialog_move_option (self, index, -1);
}

static void
on_move_down_clicked (GtkButton                *button,
                      KasirModifierGroupDialog *self)
{
  guint index = index_of_widget (self, GTK_WIDGET (button));

  if (index != G_MAXUINT)
    kasir_modifier_group_dialog_move_option (self, index, 1);
}

static void
on_remove_clicked (GtkButton                *button,
                   KasirModifierGroupDialog *self)
{
  guint index = index_of_widget (self, GTK_WIDGET (button));

  if (index != G_MAXUINT)
    kasir_modifier_group_dialog_remove_option (self, index);
}

static GtkWidget *
icon_button (const char *icon,
             const char *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, label);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return button;
}

/* The price as the person types it: digits and separators, no currency mark. */
static char *
price_text (KasirMoney  price,
            const char *currency)
{
  g_autofree char *formatted = NULL;
  GString *digits;

  if (price == 0)
    return g_strdup ("");
  formatted = kasir_ui_money_format (price, currency);
  digits = g_string_new (NULL);
  for (const char *c = formatted; *c != '\0'; c++)
    if (g_ascii_isdigit (*c) || *c == ',' || *c == '.')
      g_string_append_c (digits, *c);
  return g_string_free (digits, FALSE);
}

static OptionRow *
add_row (KasirModifierGroupDialog *self,
         gint64                    id,
         const char               *name,
         const char               *price)
{
  OptionRow *o = g_new0 (OptionRow, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *up, *down, *remove;

  o->id = id;
  o->name = GTK_ENTRY (gtk_entry_new ());
  o->price = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (o->name), TRUE);
  gtk_entry_set_placeholder_text (o->name, _("Option name"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (o->name), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Option name"), -1);
  gtk_editable_set_text (GTK_EDITABLE (o->name), name != NULL ? name : "");
  gtk_entry_set_placeholder_text (o->price, _("Free"));
  gtk_entry_set_input_purpose (o->price, GTK_INPUT_PURPOSE_NUMBER);
  gtk_editable_set_width_chars (GTK_EDITABLE (o->price), 10);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (o->price), 12);
  gtk_widget_set_hexpand (GTK_WIDGET (o->price), FALSE);
  g_signal_connect_swapped (o->name, "changed", G_CALLBACK (on_edited), self);
  g_signal_connect_swapped (o->price, "changed", G_CALLBACK (on_edited), self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (o->price), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Option price"), -1);
  gtk_editable_set_text (GTK_EDITABLE (o->price), price != NULL ? price : "");
  up = icon_button ("go-up-symbolic", _("Move option up"));
  down = icon_button ("go-down-symbolic", _("Move option down"));
  remove = icon_button ("user-trash-symbolic", _("Remove option"));
  g_signal_connect (up, "clicked", G_CALLBACK (on_move_up_clicked), self);
  g_signal_connect (down, "clicked", G_CALLBACK (on_move_down_clicked), self);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_clicked), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (o->name));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (o->price));
  gtk_box_append (GTK_BOX (box), up);
  gtk_box_append (GTK_BOX (box), down);
  gtk_box_append (GTK_BOX (box), remove);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  o->row = g_object_ref_sink (gtk_list_box_row_new ());
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (o->row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (o->row), box);
  gtk_list_box_append (self->options_list, o->row);
  g_ptr_array_add (self->options, o);
  return o;
}

void
kasir_modifier_group_dialog_add_option (KasirModifierGroupDialog *self,
                                        const char               *name,
                                        const char               *price_text)
{
  g_return_if_fail (KASIR_IS_MODIFIER_GROUP_DIALOG (self));

  add_row (self, 0, name, price_text);
}

static void
on_add_option_clicked (KasirModifierGroupDialog *self)
{
  OptionRow *o = add_row (self, 0, NULL, NULL);

  gtk_widget_grab_focus (GTK_WIDGET (o->name));
}

void
kasir_modifier_group_dialog_move_option (KasirModifierGroupDialog *self,
                                         guint                     index,
                                         int                       step)
{
  OptionRow *o;
  guint to;

  g_return_if_fail (KASIR_IS_MODIFIER_GROUP_DIALOG (self));
  g_return_if_fail (index < self->options->len);

  if ((step < 0 && index == 0) || (step > 0 && index + 1 >= self->options->len))
    return;
  to = step < 0 ? index - 1 : index + 1;
  o = g_ptr_array_steal_index (self->options, index);
  g_ptr_array_insert (self->options, to, o);
  /* The row keeps its reference, so it can leave and come back in its new place. */
  gtk_list_box_remove (self->options_list, o->row);
  gtk_list_box_insert (self->options_list, o->row, to);
  gtk_widget_grab_focus (GTK_WIDGET (o->name));
}

void
kasir_modifier_group_dialog_remove_option (KasirModifierGroupDialog *self,
                                           guint                     index)
{
  OptionRow *o;

  g_return_if_fail (KASIR_IS_MODIFIER_GROUP_DIALOG (self));
  g_return_if_fail (index < self->options->len);

  o = self->options->pdata[index];
  gtk_list_box_remove (self->options_list, o->row);
  g_ptr_array_remove_index (self->options, index);
  gtk_widget_grab_focus (self->options->len > 0
                         ? GTK_WIDGET (((OptionRow *) self->options->pdata[MIN (index, self->options->len - 1)])->name)
                         : GTK_WIDGET (self->name_row));
}

guint
kasir_modifier_group_dialog_get_n_options (KasirModifierGroupDialog *self)
{
  g_return_val_if_fail (KASIR_IS_MODIFIER_GROUP_DIALOG (self), 0);

  return self->options->len;
}

const char *
kasir_modifier_group_dialog_get_message (KasirModifierGroupDialog *self)
{
  g_return_val_if_fail (KASIR_IS_MODIFIER_GROUP_DIALOG (self), "");

  return gtk_label_get_text (self->error_label);
}

void
kasir_modifier_group_dialog_fill (KasirModifierGroupDialog *self,
                                  const char               *name,
                                  gboolean                  multiple,
                                  gboolean                  required,
                                  const char               *at_least,
                                  const char               *at_most)
{
  g_return_if_fail (KASIR_IS_MODIFIER_GROUP_DIALOG (self));

  if (name != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  gtk_switch_set_active (self->multiple_switch, multiple);
  gtk_switch_set_active (self->required_switch, required);
  if (at_least != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->min_row), at_least);
  if (at_most != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->max_row), at_most);
}

/* A count as typed: blank is @blank; FALSE when it is not a whole number up to the
 * most options a group has. */
static gboolean
read_count (AdwEntryRow *row,
            guint        blank,
            guint       *out)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  guint64 n = 0;

  if (*text == '\0')
    {
      *out = blank;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, 0, 32, &n, NULL))
    return FALSE;
  *out = (guint) n;
  return TRUE;
}

static KasirModifierGroup *
read_form (KasirModifierGroupDialog  *self,
           GError                   **error)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  gboolean multiple = gtk_switch_get_active (self->multiple_switch);
  gboolean required = gtk_switch_get_active (self->required_switch);
  g_autoptr(KasirModifierGroup) group = NULL;
  guint min = required ? 1 : 0, max = multiple ? 0 : 1;

  if (multiple && required && (!read_count (self->min_row, 1, &min) || min == 0))
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                           _("Choose at least: give a whole number from 1 to 32"));
      return NULL;
    }
  if (multiple && !read_count (self->max_row, 0, &max))
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                           _("Choose at most: give a whole number up to 32, or leave it blank"));
      return NULL;
    }
  group = kasir_modifier_group_new (self->group->id, name, multiple, min, max);
  group->version = self->group->version;
  for (guint i = 0; i < self->options->len; i++)
    {
      OptionRow *o = self->options->pdata[i];
      g_autofree char *option_name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (o->name))));
      g_autofree char *price_typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (o->price))));
      g_autoptr(GError) local_error = NULL;
      KasirMoney price = 0;

      if (*price_typed != '\0' && !kasir_ui_money_parse (price_typed, self->currency, &price, &local_error))
        {
          g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                       _("The price of option %u: %s"), i + 1, local_error->message);
          return NULL;
        }
      g_ptr_array_add (group->options, kasir_modifier_option_new (o->id, option_name, price));
    }
  /* New options have no id yet (the catalog gives them theirs): for the check they
   * stand apart from each other. */
  {
    g_autoptr(KasirModifierGroup) checked = kasir_modifier_group_copy (group);

    for (guint i = 0; i < checked->options->len; i++)
      if (((KasirModifierOption *) checked->options->pdata[i])->id == 0)
        ((KasirModifierOption *) checked->options->pdata[i])->id = -1 - (gint64) i;
    if (!kasir_modifier_group_check (checked, error))
      return NULL;
  }
  return g_steal_pointer (&group);
}

gboolean
kasir_modifier_group_dialog_accept (KasirModifierGroupDialog  *self,
                                    GError                   **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirModifierGroup) group = NULL;

  g_return_val_if_fail (KASIR_IS_MODIFIER_GROUP_DIALOG (self), FALSE);

  group = read_form (self, &local_error);
  if (group == NULL)
    {
      show_error (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  show_error (self, NULL);
  g_signal_emit (self, signals[DONE], 0, group);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
on_done_clicked (KasirModifierGroupDialog *self)
{
  kasir_modifier_group_dialog_accept (self, NULL);
}

static void
accept_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  kasir_modifier_group_dialog_accept (KASIR_MODIFIER_GROUP_DIALOG (widget), NULL);
}

KasirModifierGroupDialog *
kasir_modifier_group_dialog_new (GtkWindow                *parent,
                                 const KasirModifierGroup *group,
                                 const char               *currency)
{
  KasirModifierGroupDialog *self;

  self = g_object_new (KASIR_TYPE_MODIFIER_GROUP_DIALOG, "transient-for", parent, NULL);
  self->currency = g_strdup (currency);
  self->group = group != NULL ? kasir_modifier_group_copy (group)
                              : kasir_modifier_group_new (0, "", FALSE, 1, 1);
  if (group == NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("New Modifier Group"));
      return self;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), group->name);
  gtk_switch_set_active (self->multiple_switch, group->multiple);
  gtk_switch_set_active (self->required_switch, group->min > 0);
  if (group->multiple && group->min > 0)
    {
      g_autofree char *min = g_strdup_printf ("%u", group->min);

      gtk_editable_set_text (GTK_EDITABLE (self->min_row), min);
    }
  if (group->multiple && group->max > 0)
    {
      g_autofree char *max = g_strdup_printf ("%u", group->max);

      gtk_editable_set_text (GTK_EDITABLE (self->max_row), max);
    }
  for (guint i = 0; i < group->options->len; i++)
    {
      const KasirModifierOption *option = group->options->pdata[i];
      g_autofree char *price = price_text (option->price, currency);

      add_row (self, option->id, option->name, price);
    }
  return self;
}

static void
kasir_modifier_group_dialog_dispose (GObject *object)
{
  KasirModifierGroupDialog *self = KASIR_MODIFIER_GROUP_DIALOG (object);

  g_clear_pointer (&self->options, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), KASIR_TYPE_MODIFIER_GROUP_DIALOG);

  G_OBJECT_CLASS (kasir_modifier_group_dialog_parent_class)->dispose (object);
}

static void
kasir_modifier_group_dialog_finalize (GObject *object)
{
  KasirModifierGroupDialog *self = KASIR_MODIFIER_GROUP_DIALOG (object);

  g_clear_pointer (&self->group, kasir_modifier_group_free);
  g_free (self->currency);

  G_OBJECT_CLASS (kasir_modifier_group_dialog_parent_class)->finalize (object);
}

static void
kasir_modifier_group_dialog_class_init (KasirModifierGroupDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kasir_modifier_group_dialog_dispose;
  object_class->finalize = kasir_modifier_group_dialog_finalize;

  /* "done" (gpointer, a KasirModifierGroup* the dialog owns): the group was accepted. */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/kasir-modifier-group-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KasirModifierGroupDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, KasirModifierGroupDialog, multiple_switch);
  gtk_widget_class_bind_template_child (widget_class, KasirModifierGroupDialog, required_switch);
  gtk_widget_class_bind_template_child (widget_class, KasirModifierGroupDialog, min_row);
  gtk_widget_class_bind_template_child (widget_class, KasirModifierGroupDialog, max_row);
  gtk_widget_class_bind_template_child (widget_class, KasirModifierGroupDialog, options_list);
  gtk_widget_class_bind_template_child (widget_class, KasirModifierGroupDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, KasirModifierGroupDialog, done_button);
  gtk_widget_class_bind_template_callback (widget_class, on_done_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_add_option_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_edited);

  gtk_widget_class_install_action (widget_class, "group.accept", NULL, accept_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "group.accept", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "group.accept", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kasir_modifier_group_dialog_init (KasirModifierGroupDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->options = g_ptr_array_new_with_free_func ((GDestroyNotify) option_row_free);
  on_kind_changed (self);
}
