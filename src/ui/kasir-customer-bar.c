/* kasir-customer-bar.c — see kasir-customer-bar.h.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "kasir-checkout-points.h"
#include "kasir-customer-bar.h"
#include "kasir-customer-dialog.h"
#include "kasir-customer-history.h"
#include "kasir-customer-repository.h"
#include "kasir-loyalty.h"

struct _KasirCustomerBar
{
  GtkWidget         parent_instance;

  KasirTillContext *context;
  KasirCartView    *cart_view;
  GtkWindow        *window;    /* the dialog or history open now (not owned) */
  char             *text;

  GtkWidget        *box;
  GtkLabel         *label;
  GtkWidget        *choose_button;
  GtkWidget        *history_button;
  GtkWidget        *detach_button;
};

G_DEFINE_FINAL_TYPE (KasirCustomerBar, kasir_customer_bar, GTK_TYPE_WIDGET)

static void
update (KasirCustomerBar *self)
{
  const KasirCart *cart = kasir_cart_view_get_cart (self->cart_view);
  g_autoptr(KasirCustomer) member = kasir_checkout_points_member (self->context, cart);
  KasirLoyaltyRule rule;
  gint64 earns;

  g_clear_pointer (&self->text, g_free);
  gtk_widget_set_visible (self->history_button, member != NULL);
  gtk_widget_set_visible (self->detach_button, member != NULL);
  if (member == NULL)
    {
      self->text = g_strdup ("");
      gtk_label_set_label (self->label, _("No customer"));
      gtk_widget_add_css_class (GTK_WIDGET (self->label), "dim-label");
      return;
    }
  kasir_checkout_points_rule (self->context, &rule);
  earns = kasir_loyalty_points_earned (cart->total, rule.earn_per_minor);
  /* Translators: the member on the sale: name, the points known here, and what this
   * sale earns. */
  self->text = g_strdup_printf (_("%s · %" PRId64 " points · earns %" PRId64),
                                member->name, member->loyalty_points, earns);
  gtk_label_set_label (self->label, self->text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->label), "dim-label");
}

static void
on_cart_changed (KasirCartView    *view,
                 KasirCustomerBar *self)
{
  update (self);
}

gboolean
kasir_customer_bar_attach (KasirCustomerBar  *self,
                           gint64             customer_id,
                           GError           **error)
{
  g_return_val_if_fail (KASIR_IS_CUSTOMER_BAR (self), FALSE);

  if (!kasir_cart_view_set_customer (self->cart_view, customer_id, error))
    return FALSE;
  update (self);
  return TRUE;
}

gboolean
kasir_customer_bar_attach_code (KasirCustomerBar *self,
                                const char       *code)
{
  g_autoptr(KasirCustomerRepository) repo = NULL;
  g_autoptr(KasirCustomer) member = NULL;

  g_return_val_if_fail (KASIR_IS_CUSTOMER_BAR (self), FALSE);

  repo = kasir_customer_repository_new (kasir_till_context_get_database (self->context));
  member = kasir_customer_repository_get_by_member_code (repo, code, NULL);
  return member != NULL && kasir_customer_bar_attach (self, member->id, NULL);
}

static void
on_customer_chosen (KasirCustomerDialog *dialog,
                    gint64               id,
                    KasirCustomerBar    *self)
{
  kasir_customer_bar_attach (self, id, NULL);
}

static void
on_window_destroy (GtkWindow        *window,
                   KasirCustomerBar *self)
{
  if (self->window == window)
    self->window = NULL;
}

static void
present (KasirCustomerBar *self,
         GtkWindow        *window)
{
  if (self->window != NULL)
    gtk_window_destroy (self->window);
  self->window = window;
  g_signal_connect_object (window, "destroy", G_CALLBACK (on_window_destroy), self, 0);
  gtk_window_present (window);
}

void
kasir_customer_bar_choose (KasirCustomerBar *self)
{
  GtkRoot *root;
  KasirCustomerDialog *dialog;

  g_return_if_fail (KASIR_IS_CUSTOMER_BAR (self));

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = kasir_customer_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->context);
  g_signal_connect_object (dialog, "customer-chosen", G_CALLBACK (on_customer_chosen), self, 0);
  present (self, GTK_WINDOW (dialog));
}

void
kasir_customer_bar_show_history (KasirCustomerBar *self)
{
  const KasirCart *cart;
  GtkRoot *root;

  g_return_if_fail (KASIR_IS_CUSTOMER_BAR (self));

  cart = kasir_cart_view_get_cart (self->cart_view);
  if (cart->customer_id == 0)
    return;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  present (self, GTK_WINDOW (kasir_customer_history_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                         self->context, cart->customer_id)));
}

const char *
kasir_customer_bar_get_text (KasirCustomerBar *self)
{
  g_return_val_if_fail (KASIR_IS_CUSTOMER_BAR (self), NULL);

  return self->text;
}

GtkWindow *
kasir_customer_bar_get_window (KasirCustomerBar *self)
{
  g_return_val_if_fail (KASIR_IS_CUSTOMER_BAR (self), NULL);

  return self->window;
}

static void
on_choose_clicked (GtkButton        *button,
                   KasirCustomerBar *self)
{
  kasir_customer_bar_choose (self);
}

static void
on_history_clicked (GtkButton        *button,
                    KasirCustomerBar *self)
{
  kasir_customer_bar_show_history (self);
}

static void
on_detach_clicked (GtkButton        *button,
                   KasirCustomerBar *self)
{
  kasir_customer_bar_attach (self, 0, NULL);
}

static GtkWidget *
icon_button (const char *icon,
             const char *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static void
kasir_customer_bar_dispose (GObject *object)
{
  KasirCustomerBar *self = KASIR_CUSTOMER_BAR (object);

  if (self->window != NULL)
    gtk_window_destroy (self->window);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->cart_view);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (kasir_customer_bar_parent_class)->dispose (object);
}

static void
kasir_customer_bar_finalize (GObject *object)
{
  KasirCustomerBar *self = KASIR_CUSTOMER_BAR (object);

  g_free (self->text);

  G_OBJECT_CLASS (kasir_customer_bar_parent_class)->finalize (object);
}

static void
kasir_customer_bar_class_init (KasirCustomerBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kasir_customer_bar_dispose;
  object_class->finalize = kasir_customer_bar_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kasir_customer_bar_init (KasirCustomerBar *self)
{
  GtkWidget *icon = gtk_image_new_from_icon_name ("avatar-default-symbolic");

  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_box_append (GTK_BOX (self->box), icon);

  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->label, 0);
  gtk_label_set_ellipsize (self->label, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (self->label), TRUE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->label));

  self->history_button = icon_button ("document-open-recent-symbolic", _("Customer History"));
  g_signal_connect (self->history_button, "clicked", G_CALLBACK (on_history_clicked), self);
  gtk_box_append (GTK_BOX (self->box), self->history_button);
  self->detach_button = icon_button ("edit-clear-symbolic", _("Remove the Customer from the Sale"));
  g_signal_connect (self->detach_button, "clicked", G_CALLBACK (on_detach_clicked), self);
  gtk_box_append (GTK_BOX (self->box), self->detach_button);

  self->choose_button = gtk_button_new_with_mnemonic (_("C_ustomer…"));
  gtk_widget_set_tooltip_text (self->choose_button, _("Find or add a customer (Ctrl+M)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->choose_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Find or add a customer"), -1);
  g_signal_connect (self->choose_button, "clicked", G_CALLBACK (on_choose_clicked), self);
  gtk_box_append (GTK_BOX (self->box), self->choose_button);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Customer on the sale"), -1);
}

KasirCustomerBar *
kasir_customer_bar_new (KasirTillContext *context,
                        KasirCartView    *cart_view)
{
  KasirCustomerBar *self;

  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), NULL);
  g_return_val_if_fail (KASIR_IS_CART_VIEW (cart_view), NULL);

  self = g_object_new (KASIR_TYPE_CUSTOMER_BAR, NULL);
  self->context = g_object_ref (context);
  self->cart_view = g_object_ref (cart_view);
  g_signal_connect_object (cart_view, "changed", G_CALLBACK (on_cart_changed), self, 0);
  update (self);

  return self;
}
