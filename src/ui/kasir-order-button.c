/* kasir-order-button.c — the cart's order type: dine-in (with a table), take-away or
 * delivery (with a reference), chosen in a popover.
 *
 * The popover is one row of toggle buttons (none, dine-in, take-away, delivery), the
 * table or reference, and Apply; Enter in the reference applies. The button's label says
 * the order chosen, so the cashier sees it beside the totals.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-order-button.h"
#include "kasir-order-type.h"

#define N_CHOICES 4

struct _KasirOrderButton
{
  GtkWidget            parent_instance;

  KasirOrderApplyFunc  apply;
  gpointer             apply_data;   /* the cart view holding the button */
  char                *order_type;   /* the cart's order, as last shown */
  char                *order_ref;
  GtkMenuButton       *button;
  GtkPopover          *popover;
  GtkToggleButton     *choices[N_CHOICES];   /* none, then kasir_order_type_codes */
  GtkEntry            *ref_entry;
  GtkLabel            *message;
};

G_DEFINE_FINAL_TYPE (KasirOrderButton, kasir_order_button, GTK_TYPE_WIDGET)

static const char *
choice_code (guint index)
{
  return index == 0 ? NULL : kasir_order_type_codes[index - 1];
}

void
kasir_order_button_show (KasirOrderButton *self,
                         const char       *order_type,
                         const char       *ref)
{
  g_autofree char *label = NULL;

  g_return_if_fail (KASIR_IS_ORDER_BUTTON (self));

  g_free (self->order_type);
  self->order_type = g_strdup (order_type);
  g_free (self->order_ref);
  self->order_ref = g_strdup (ref);

  if (order_type == NULL)
    label = g_strdup (_("_Order"));
  else if (ref != NULL)
    /* Translators: the order type and its table or reference on the cart's button. */
    label = g_strdup_printf (_("%s %s"), kasir_order_type_label (order_type), ref);
  else
    label = g_strdup (kasir_order_type_label (order_type));
  gtk_menu_button_set_label (self->button, label);
}

/* The popover opens on what the cart says. */
static void
on_popover_show (GtkPopover       *popover,
                 KasirOrderButton *self)
{
  for (guint i = 0; i < N_CHOICES; i++)
    gtk_toggle_button_set_active (self->choices[i], g_strcmp0 (choice_code (i), self->order_type) == 0);
  gtk_editable_set_text (GTK_EDITABLE (self->ref_entry), self->order_ref != NULL ? self->order_ref : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message), FALSE);
}

static void
on_choice_toggled (GtkToggleButton  *button,
                   KasirOrderButton *self)
{
  gboolean none = gtk_toggle_button_get_active (self->choices[0]);
  const char *code = NULL;

  for (guint i = 1; i < N_CHOICES; i++)
    if (gtk_toggle_button_get_active (self->choices[i]))
      code = choice_code (i);
  gtk_widget_set_sensitive (GTK_WIDGET (self->ref_entry), !none);
  gtk_entry_set_placeholder_text (self->ref_entry, kasir_order_ref_label (code));
}

gboolean
kasir_order_button_choose (KasirOrderButton  *self,
                           const char        *order_type,
                           const char        *ref,
                           GError           **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (KASIR_IS_ORDER_BUTTON (self), FALSE);

  if (!self->apply (self->apply_data, order_type, ref, &local_error))
    {
      gtk_label_set_label (self->message, local_error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->message), TRUE);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  gtk_popover_popdown (self->popover);

  return TRUE;
}

static void
on_apply (KasirOrderButton *self)
{
  const char *code = NULL;
  const char *ref = gtk_editable_get_text (GTK_EDITABLE (self->ref_entry));

  for (guint i = 1; i < N_CHOICES; i++)
    if (gtk_toggle_button_get_active (self->choices[i]))
      code = choice_code (i);
  kasir_order_button_choose (self, code, code != NULL ? ref : NULL, NULL);
}

static GtkWidget *
build_popover (KasirOrderButton *self)
{
  const char *mnemonics[N_CHOICES] = { N_("_None"), N_("_Dine-in"), N_("_Take-away"), N_("De_livery") };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *apply = gtk_button_new_with_mnemonic (_("_Apply"));

  gtk_widget_add_css_class (row, "linked");
  for (guint i = 0; i < N_CHOICES; i++)
    {
      self->choices[i] = GTK_TOGGLE_BUTTON (gtk_toggle_button_new_with_mnemonic (_(mnemonics[i])));
      gtk_widget_set_size_request (GTK_WIDGET (self->choices[i]), -1, 44);
      if (i > 0)
        gtk_toggle_button_set_group (self->choices[i], self->choices[0]);
      g_signal_connect_object (self->choices[i], "toggled", G_CALLBACK (on_choice_toggled), self, 0);
      gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->choices[i]));
    }
  gtk_box_append (GTK_BOX (box), row);

  self->ref_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_max_length (self->ref_entry, KASIR_ORDER_REF_MAX_CHARS);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->ref_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Table or reference"), -1);
  g_signal_connect_object (self->ref_entry, "activate", G_CALLBACK (on_apply), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->ref_entry));

  self->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message, TRUE);
  gtk_label_set_max_width_chars (self->message, 30);
  gtk_widget_add_css_class (GTK_WIDGET (self->message), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->message), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->message));

  gtk_widget_add_css_class (apply, "suggested-action");
  g_signal_connect_object (apply, "clicked", G_CALLBACK (on_apply), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), apply);

  self->popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (self->popover, box);
  gtk_popover_set_default_widget (self->popover, apply);
  g_signal_connect_object (self->popover, "show", G_CALLBACK (on_popover_show), self, 0);

  return GTK_WIDGET (self->popover);
}

const char *
kasir_order_button_get_label (KasirOrderButton *self)
{
  g_return_val_if_fail (KASIR_IS_ORDER_BUTTON (self), NULL);

  return gtk_menu_button_get_label (self->button);
}

static void
kasir_order_button_dispose (GObject *object)
{
  KasirOrderButton *self = KASIR_ORDER_BUTTON (object);

  g_clear_pointer ((GtkWidget **) &self->button, gtk_widget_unparent);

  G_OBJECT_CLASS (kasir_order_button_parent_class)->dispose (object);
}

static void
kasir_order_button_finalize (GObject *object)
{
  KasirOrderButton *self = KASIR_ORDER_BUTTON (object);

  g_free (self->order_type);
  g_free (self->order_ref);

  G_OBJECT_CLASS (kasir_order_button_parent_class)->finalize (object);
}

static void
kasir_order_button_class_init (KasirOrderButtonClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kasir_order_button_dispose;
  G_OBJECT_CLASS (klass)->finalize = kasir_order_button_finalize;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
kasir_order_button_init (KasirOrderButton *self)
{
}

GtkWidget *
kasir_order_button_new (KasirOrderApplyFunc apply,
                        gpointer            user_data)
{
  KasirOrderButton *self;

  g_return_val_if_fail (apply != NULL, NULL);

  self = g_object_new (KASIR_TYPE_ORDER_BUTTON, NULL);
  self->apply = apply;
  self->apply_data = user_data;
  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_use_underline (self->button, TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self->button), -1, 48);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), _("Dine-in, take-away or delivery"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Order type"), -1);
  gtk_menu_button_set_popover (self->button, build_popover (self));
  gtk_widget_set_parent (GTK_WIDGET (self->button), GTK_WIDGET (self));
  kasir_order_button_show (self, NULL, NULL);

  return GTK_WIDGET (self);
}
