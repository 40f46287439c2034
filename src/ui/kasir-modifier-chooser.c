/* kasir-modifier-chooser.c — choosing a product's modifiers at the till.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-modifier.h"
#include "kasir-modifier-repository.h"
#include "kasir-modifier-chooser.h"
#include "kasir-ui-money.h"

/* Large enough to hit with a thumb on a touch screen. */
#define BUTTON_HEIGHT 48

struct _KasirModifierChooser
{
  GtkWindow                parent_instance;

  KasirProduct            *product;
  gint64                   qty;
  GObject                 *owner;     /* weak */
  KasirModifierChosenFunc  func;
  GPtrArray               *buttons;   /* GtkToggleButton*, in the order offered */
  GArray                  *ids;       /* gint64 option ids, one a button */
  GtkLabel                *message;
};

G_DEFINE_FINAL_TYPE (KasirModifierChooser, kasir_modifier_chooser, GTK_TYPE_WINDOW)

static void
kasir_modifier_chooser_dispose (GObject *object)
{
  KasirModifierChooser *self = KASIR_MODIFIER_CHOOSER (object);

  if (self->owner != NULL)
    g_object_remove_weak_pointer (self->owner, (gpointer *) &self->owner);
  self->owner = NULL;
  g_clear_pointer (&self->buttons, g_ptr_array_unref);

  G_OBJECT_CLASS (kasir_modifier_chooser_parent_class)->dispose (object);
}

static void
kasir_modifier_chooser_finalize (GObject *object)
{
  KasirModifierChooser *self = KASIR_MODIFIER_CHOOSER (object);

  g_clear_pointer (&self->product, kasir_product_free);
  g_clear_pointer (&self->ids, g_array_unref);

  G_OBJECT_CLASS (kasir_modifier_chooser_parent_class)->finalize (object);
}

static void
accept_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  kasir_modifier_chooser_accept (KASIR_MODIFIER_CHOOSER (widget));
}

static void
kasir_modifier_chooser_class_init (KasirModifierChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kasir_modifier_chooser_dispose;
  object_class->finalize = kasir_modifier_chooser_finalize;

  gtk_widget_class_install_action (widget_class, "chooser.accept", NULL, accept_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "chooser.accept", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "chooser.accept", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kasir_modifier_chooser_init (KasirModifierChooser *self)
{
  self->buttons = g_ptr_array_new ();
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

static char *
group_hint (const KasirModifierGroup *group)
{
  guint limit = kasir_modifier_group_limit (group);

  if (!group->multiple)
    return g_strdup (group->min > 0 ? _("Choose one") : _("Optional, one at most"));
  if (group->min == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Optional, up to %u",
                                         "Optional, up to %u", limit), limit);
  return g_strdup_printf (_("Choose %u to %u"), group->min, limit);
}

/* A new choice answers what was said about the last one. */
static void
option_toggled (GtkToggleButton      *button,
                KasirModifierChooser *self)
{
  gtk_label_set_text (self->message, "");
}

static GtkWidget *
option_button (KasirModifierChooser      *self,
               const KasirModifierOption *option,
               const char                *currency,
               GtkToggleButton           *first)
{
  g_autofree char *label = NULL;
  GtkWidget *button;

  if (option->price > 0)
    {
      g_autofree char *price = kasir_ui_money_format (option->price, currency);

      /* Translators: a modifier option and what it adds to the price, "Extra shot +Rp 5.000". */
      label = g_strdup_printf (_("%s +%s"), option->name, price);
    }
  else
    label = g_strdup (option->name);
  button = gtk_toggle_button_new_with_label (label);
  gtk_widget_set_size_request (button, -1, BUTTON_HEIGHT);
  gtk_widget_set_hexpand (button, TRUE);
  if (first != NULL)
    gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), first);
  g_signal_connect (button, "toggled", G_CALLBACK (option_toggled), self);
  g_ptr_array_add (self->buttons, button);
  g_array_append_val (self->ids, option->id);
  return button;
}

static GtkWidget *
group_box (KasirModifierChooser     *self,
           const KasirModifierGroup *group,
           const char               *currency)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (group->name);
  g_autofree char *hint_text = group_hint (group);
  GtkWidget *hint = gtk_label_new (hint_text);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkToggleButton *first = NULL;

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_box_set_homogeneous (GTK_BOX (row), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  group->name, -1);
  for (guint i = 0; i < group->options->len; i++)
    {
      GtkWidget *button = option_button (self, group->options->pdata[i], currency,
                                         group->multiple ? NULL : first);

      if (!group->multiple && first == NULL)
        first = GTK_TOGGLE_BUTTON (button);
      gtk_box_append (GTK_BOX (row), button);
    }
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), hint);
  gtk_box_append (GTK_BOX (box), row);
  return box;
}

static GtkWidget *
button_row (KasirModifierChooser *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add to Sale"));

  gtk_widget_set_halign (row, GTK_ALIGN_END);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "chooser.accept");
  gtk_widget_add_css_class (add, "suggested-action");
  gtk_widget_set_size_request (cancel, -1, BUTTON_HEIGHT);
  gtk_widget_set_size_request (add, -1, BUTTON_HEIGHT);
  gtk_box_append (GTK_BOX (row), cancel);
  gtk_box_append (GTK_BOX (row), add);
  gtk_window_set_default_widget (GTK_WINDOW (self), add);
  return row;
}

KasirModifierChooser *
kasir_modifier_chooser_new (KasirTillContext        *context,
                            const KasirProduct      *product,
                            gint64                   qty,
                            GObject                 *owner,
                            KasirModifierChosenFunc  func)
{
  KasirModifierChooser *self;
  GtkWidget *content;
  const char *currency;

  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), NULL);
  g_return_val_if_fail (product != NULL && product->modifier_groups != NULL, NULL);
  g_return_val_if_fail (qty > 0, NULL);

  self = g_object_new (KASIR_TYPE_MODIFIER_CHOOSER, "modal", TRUE, "title", product->name,
                       "default-width", 480, "destroy-with-parent", TRUE, NULL);
  self->product = kasir_product_copy (product);
  self->qty = qty;
  self->func = func;
  self->owner = owner;
  if (owner != NULL)
    g_object_add_weak_pointer (owner, (gpointer *) &self->owner);
  currency = kasir_till_context_get_currency (context);

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 18);
  gtk_widget_set_margin_end (content, 18);
  for (guint i = 0; i < product->modifier_groups->len; i++)
    gtk_box_append (GTK_BOX (content), group_box (self, product->modifier_groups->pdata[i],
                                                  currency));
  self->message = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_wrap (self->message, TRUE);
  gtk_label_set_xalign (self->message, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->message), "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->message), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Why the options cannot be added"), -1);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->message));
  gtk_box_append (GTK_BOX (content), button_row (self));
  gtk_window_set_child (GTK_WINDOW (self), content);
  if (self->buttons->len > 0)
    gtk_widget_grab_focus (g_ptr_array_index (self->buttons, 0));

  return self;
}

gboolean
kasir_modifier_chooser_offer (KasirTillContext        *context,
                              GtkWidget               *over,
                              const KasirProduct      *product,
                              gint64                   qty,
                              GObject                 *owner,
                              KasirModifierChosenFunc  func)
{
  KasirDatabase *db = kasir_till_context_get_database (context);
  g_autoptr(KasirModifierRepository) modifiers = NULL;
  g_autoptr(KasirProduct) with_groups = NULL;
  g_autoptr(GError) error = NULL;
  KasirModifierChooser *chooser;
  GtkRoot *root;

  if (db == NULL)
    return FALSE;
  /* One indexed read of a few rows: the product's groups as last pulled. */
  modifiers = kasir_modifier_repository_new (db);
  with_groups = kasir_product_copy (product);
  if (!kasir_modifier_repository_fill_product (modifiers, with_groups, &error))
    {
      g_warning ("Could not read the options of product %" G_GINT64_FORMAT ": %s",
                 product->id, error->message);
      return FALSE;
    }
  if (with_groups->modifier_groups == NULL)
    return FALSE;
  chooser = kasir_modifier_chooser_new (context, with_groups, qty, owner, func);
  root = gtk_widget_get_root (over);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (chooser), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (chooser));
  return TRUE;
}

gboolean
kasir_modifier_chooser_accept (KasirModifierChooser *self)
{
  g_autoptr(GArray) chosen = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) options = NULL;
  g_autoptr(GError) error = NULL;
  KasirMoney price;

  g_return_val_if_fail (KASIR_IS_MODIFIER_CHOOSER (self), FALSE);

  for (guint i = 0; i < self->buttons->len; i++)
    if (gtk_toggle_button_get_active (g_ptr_array_index (self->buttons, i)))
      g_array_append_val (chosen, g_array_index (self->ids, gint64, i));
  options = kasir_modifier_choose_options (self->product->modifier_groups, chosen, &price, &error);
  if (options == NULL)
    {
      gtk_label_set_text (self->message, error->message);
      return FALSE;
    }
  gtk_label_set_text (self->message, "");
  if (self->owner != NULL && self->func != NULL)
    self->func (self->owner, self->product, self->qty, options);
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

const char *
kasir_modifier_chooser_get_message (KasirModifierChooser *self)
{
  g_return_val_if_fail (KASIR_IS_MODIFIER_CHOOSER (self), NULL);

  return gtk_label_get_text (self->message);
}

GtkToggleButton *
kasir_modifier_chooser_get_option (KasirModifierChooser *self,
                                   gint64                option_id)
{
  g_return_val_if_fail (KASIR_IS_MODIFIER_CHOOSER (self), NULL);

  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == option_id)
      return g_ptr_array_index (self->buttons, i);
  return NULL;
}
