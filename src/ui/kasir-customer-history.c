/* kasir-customer-history.c — see kasir-customer-history.h.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "kasir-customer-history.h"
#include "kasir-customer-repository.h"
#include "kasir-ui-format.h"
#include "kasir-ui-money.h"

/* One screenful of a member's visits is what a cashier looks at; older ones are in the
 * sales history, filtered by customer. */
#define MAX_SALES 200

struct _KasirCustomerHistory
{
  AdwWindow   parent_instance;

  guint       n_sales;
  GtkLabel   *balance_label;
  GtkListBox *sales_box;
};

G_DEFINE_FINAL_TYPE (KasirCustomerHistory, kasir_customer_history, ADW_TYPE_WINDOW)

static GtkWidget *
sale_row (const KasirCustomerSale *s,
          const char              *currency)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *total = kasir_ui_money_format (s->total, currency);
  g_autofree char *title = g_strdup_printf ("%s · %s", s->receipt_no, total);
  g_autofree char *points = NULL;
  g_autofree char *when = kasir_ui_format_time (s->created_at);

  /* Translators: points a sale earned (+) and redeemed (−), in a customer's history. */
  points = g_strdup_printf (_("+%" PRId64 " / −%" PRId64 " points"),
                            s->points_earned, s->points_redeemed);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), when != NULL ? when : s->created_at);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_label_new (points));
  return row;
}

static void
fill (KasirCustomerHistory *self,
      KasirTillContext     *context,
      gint64                customer_id)
{
  g_autoptr(KasirCustomerRepository) repo = kasir_customer_repository_new (kasir_till_context_get_database (context));
  g_autoptr(KasirCustomer) c = NULL;
  g_autoptr(GPtrArray) sales = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *balance = NULL;

  c = kasir_customer_repository_get (repo, customer_id, &error);
  if (c == NULL)
    {
      gtk_label_set_label (self->balance_label, error->message);
      return;
    }
  gtk_window_set_title (GTK_WINDOW (self), c->name);
  balance = g_strdup_printf (ngettext ("%s: %" PRId64 " point",
                                       "%s: %" PRId64 " points", c->loyalty_points),
                             c->name, c->loyalty_points);
  gtk_label_set_label (self->balance_label, balance);

  sales = kasir_customer_repository_history (repo, customer_id, MAX_SALES, &error);
  if (sales == NULL)
    {
      gtk_label_set_label (self->balance_label, error->message);
      return;
    }
  self->n_sales = sales->len;
  for (guint i = 0; i < sales->len; i++)
    gtk_list_box_append (self->sales_box,
                         sale_row (g_ptr_array_index (sales, i), kasir_till_context_get_currency (context)));
}

static void
build (KasirCustomerHistory *self)
{
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *placeholder = gtk_label_new (_("No sales to this customer on this till yet"));

  gtk_box_append (GTK_BOX (outer), adw_header_bar_new ());
  gtk_widget_set_margin_top (content, 12);
  gtk_widget_set_margin_bottom (content, 12);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);

  self->balance_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->balance_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->balance_label), "title-3");
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->balance_label));

  self->sales_box = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->sales_box, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->sales_box), "boxed-list");
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 24);
  gtk_widget_set_margin_bottom (placeholder, 24);
  gtk_list_box_set_placeholder (self->sales_box, placeholder);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sales_box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The customer’s sales"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->sales_box));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (content), scrolled);

  gtk_box_append (GTK_BOX (outer), content);
  adw_window_set_content (ADW_WINDOW (self), outer);
}

static void
kasir_customer_history_class_init (KasirCustomerHistoryClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kasir_customer_history_init (KasirCustomerHistory *self)
{
  gtk_window_set_title (GTK_WINDOW (self), _("Customer History"));
  gtk_window_set_default_size (GTK_WINDOW (self), 460, 560);
  build (self);
}

KasirCustomerHistory *
kasir_customer_history_new (GtkWindow        *parent,
                            KasirTillContext *context,
                            gint64            customer_id)
{
  KasirCustomerHistory *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), NULL);
  g_return_val_if_fail (kasir_till_context_get_database (context) != NULL, NULL);

  self = g_object_new (KASIR_TYPE_CUSTOMER_HISTORY,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  fill (self, context, customer_id);

  return self;
}

guint
kasir_customer_history_get_n_sales (KasirCustomerHistory *self)
{
  g_return_val_if_fail (KASIR_IS_CUSTOMER_HISTORY (self), 0);

  return self->n_sales;
}

const char *
kasir_customer_history_get_balance (KasirCustomerHistory *self)
{
  g_return_val_if_fail (KASIR_IS_CUSTOMER_HISTORY (self), NULL);

  return gtk_label_get_label (self->balance_label);
}
