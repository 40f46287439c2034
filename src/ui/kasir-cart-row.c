/* kasir-cart-row.c — one line of the cart on screen (see kasir-cart-row.h).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-sale-line-option.h"
#include "kasir-cart-row.h"
#include "kasir-ui-money.h"

int
kasir_cart_row_index_of (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX_ROW);

  return row != NULL ? gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) : -1;
}

static GtkWidget *
make_icon_button (const char *icon_name,
                  const char *name,
                  const char *accessible_label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_name (button, name);
  gtk_widget_set_size_request (button, 48, 48);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, accessible_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);

  return button;
}

/* An amount that never breaks across lines ("Rp" and its number stay together). */
static char *
unbroken_money (KasirMoney  amount,
                const char *currency)
{
  g_autofree char *text = kasir_ui_money_format (amount, currency);
  g_auto(GStrv) words = g_strsplit (text, " ", -1);

  return g_strjoinv ("\u00a0", words);
}

static char *
line_detail_text (const KasirCartLine *line,
                  const char          *currency)
{
  g_autofree char *unit = unbroken_money (line->unit_price, currency);
  KasirMoney off = line->line_discount + line->cart_discount_share;

  if (off > 0)
    {
      g_autofree char *off_text = unbroken_money (off, currency);

      /* Translators: a cart line's detail: unit price, then the discount taken off. */
      return g_strdup_printf (_("%s each, %s off"), unit, off_text);
    }
  /* Translators: a cart line's detail: the unit price. */
  return g_strdup_printf (_("%s each"), unit);
}

static GtkWidget *
make_heading (const KasirCartLine *line,
              const char          *currency)
{
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (line->name);
  GtkWidget *total;
  g_autofree char *line_total = kasir_ui_money_format (line->total, currency);

  gtk_widget_set_hexpand (name, TRUE);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_box_append (GTK_BOX (top), name);

  total = gtk_label_new (line_total);
  gtk_widget_set_name (total, "total");
  gtk_label_set_xalign (GTK_LABEL (total), 1);
  gtk_widget_add_css_class (total, "heading");
  gtk_widget_add_css_class (total, "numeric");
  gtk_box_append (GTK_BOX (top), total);
  gtk_widget_set_margin_end (top, 12);
  gtk_widget_set_margin_top (top, 6);
  return top;
}

/* The quantity is typed in place (Enter keeps it). */
static GtkWidget *
make_qty_entry (const KasirCartLine        *line,
                const KasirCartRowHandlers *handlers)
{
  GtkWidget *qty = gtk_entry_new ();
  g_autofree char *qty_text = g_strdup_printf ("%" G_GINT64_FORMAT, line->qty);
  g_autofree char *label = g_strdup_printf (_("Quantity of %s"), line->name);

  gtk_widget_set_name (qty, "qty");
  gtk_editable_set_text (GTK_EDITABLE (qty), qty_text);
  gtk_editable_set_width_chars (GTK_EDITABLE (qty), 3);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (qty), 4);
  gtk_editable_set_alignment (GTK_EDITABLE (qty), 0.5);
  gtk_entry_set_input_purpose (GTK_ENTRY (qty), GTK_INPUT_PURPOSE_DIGITS);
  gtk_widget_set_valign (qty, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (qty, "numeric");
  g_signal_connect (qty, "activate", handlers->qty_activate, handlers->data);
  gtk_accessible_update_property (GTK_ACCESSIBLE (qty),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  return qty;
}

static GtkWidget *
make_discount_button (const KasirCartLine *line,
                      GtkWidget           *popover)
{
  /* Translators: title of the popover that sets one cart line's discount. */
  g_autofree char *title = g_strdup_printf (_("Discount on %s"), line->name);
  GtkWidget *discount = gtk_menu_button_new ();

  gtk_widget_set_name (discount, "discount");
  /* Translators: the short label of the button that sets a line discount. */
  gtk_menu_button_set_label (GTK_MENU_BUTTON (discount), _("%"));
  gtk_widget_set_size_request (discount, 48, 48);
  gtk_widget_set_valign (discount, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (discount, "flat");
  gtk_widget_set_tooltip_text (discount, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (discount),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (discount), popover);
  return discount;
}

GtkWidget *
kasir_cart_row_new (const KasirCartLine        *line,
                    const char                 *currency,
                    GtkWidget                  *discount_popover,
                    const KasirCartRowHandlers *handlers)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *detail;
  GtkWidget *button;
  g_autofree char *detail_text = line_detail_text (line, currency);
  g_autofree char *label = NULL;

  g_return_val_if_fail (line != NULL && handlers != NULL, NULL);

  /* The name and the line total get a row of their own so long names stay readable;
   * the controls sit below them. */
  gtk_box_append (GTK_BOX (row), make_heading (line, currency));
  if (line->options != NULL && line->options->len > 0)
    {
      g_autofree char *options_text = kasir_line_options_text (line->options, NULL);
      GtkWidget *options = gtk_label_new (options_text);

      gtk_widget_set_name (options, "options");
      gtk_label_set_xalign (GTK_LABEL (options), 0);
      gtk_label_set_wrap (GTK_LABEL (options), TRUE);
      gtk_widget_add_css_class (options, "caption");
      gtk_box_append (GTK_BOX (row), options);
    }

  /* The cashier's note: always there, shown only when the line has one, so a note set
   * or cleared updates the row in place. */
  {
    GtkWidget *note = gtk_label_new (line->note);

    gtk_widget_set_name (note, "note");
    gtk_label_set_xalign (GTK_LABEL (note), 0);
    gtk_label_set_wrap (GTK_LABEL (note), TRUE);
    gtk_widget_add_css_class (note, "caption");
    gtk_widget_set_visible (note, line->note != NULL);
    gtk_box_append (GTK_BOX (row), note);
  }

  detail = gtk_label_new (detail_text);
  gtk_widget_set_name (detail, "detail");
  gtk_widget_set_hexpand (detail, TRUE);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  /* The unit price is read whole: where the controls leave too little room, the detail
   * wraps between words, never inside an amount, rather than being cut short. */
  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (detail), PANGO_WRAP_WORD);
  gtk_label_set_width_chars (GTK_LABEL (detail), 10);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "numeric");
  gtk_box_append (GTK_BOX (box), detail);

  label = g_strdup_printf (_("Decrease quantity of %s"), line->name);
  button = make_icon_button ("list-remove-symbolic", "minus", label);
  g_signal_connect (button, "clicked", handlers->minus, handlers->data);
  gtk_box_append (GTK_BOX (box), button);
  g_clear_pointer (&label, g_free);

  gtk_box_append (GTK_BOX (box), make_qty_entry (line, handlers));

  label = g_strdup_printf (_("Increase quantity of %s"), line->name);
  button = make_icon_button ("list-add-symbolic", "plus", label);
  g_signal_connect (button, "clicked", handlers->plus, handlers->data);
  gtk_box_append (GTK_BOX (box), button);
  g_clear_pointer (&label, g_free);

  gtk_box_append (GTK_BOX (box), make_discount_button (line, discount_popover));

  /* Translators: the accessible name of the button that writes a note on a cart line. */
  label = g_strdup_printf (_("Note on %s"), line->name);
  button = make_icon_button ("document-edit-symbolic", "note-button", label);
  g_signal_connect (button, "clicked", handlers->note, handlers->data);
  gtk_box_append (GTK_BOX (box), button);
  g_clear_pointer (&label, g_free);

  label = g_strdup_printf (_("Remove %s"), line->name);
  button = make_icon_button ("user-trash-symbolic", "remove", label);
  g_signal_connect (button, "clicked", handlers->remove, handlers->data);
  gtk_box_append (GTK_BOX (box), button);

  gtk_box_append (GTK_BOX (row), box);
  gtk_widget_add_css_class (row, "cart-line");

  return row;
}

GtkWidget *
kasir_cart_row_get_control (GtkWidget  *content,
                            const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (GtkWidget *part = content != NULL ? gtk_widget_get_first_child (content) : NULL; part != NULL;
       part = gtk_widget_get_next_sibling (part))
    {
      if (g_strcmp0 (gtk_widget_get_name (part), name) == 0)
        return part;
      for (GtkWidget *child = gtk_widget_get_first_child (part); child != NULL;
         child = gtk_widget_get_next_sibling (child))
        if (g_strcmp0 (gtk_widget_get_name (child), name) == 0)
          return child;
    }

  return NULL;
}

void
kasir_cart_row_update (GtkWidget           *content,
                       const KasirCartLine *line,
                       const char          *currency,
                       GtkWidget           *discount_popover)
{
  g_autofree char *total = kasir_ui_money_format (line->total, currency);
  g_autofree char *detail = line_detail_text (line, currency);
  g_autofree char *qty = g_strdup_printf ("%" G_GINT64_FORMAT, line->qty);
  GtkWidget *entry = kasir_cart_row_get_control (content, "qty");
  GtkWidget *note = kasir_cart_row_get_control (content, "note");

  gtk_label_set_label (GTK_LABEL (kasir_cart_row_get_control (content, "total")), total);
  gtk_label_set_label (GTK_LABEL (kasir_cart_row_get_control (content, "detail")), detail);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), qty) != 0)
    gtk_editable_set_text (GTK_EDITABLE (entry), qty);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (kasir_cart_row_get_control (content, "discount")),
                               discount_popover);
  gtk_label_set_label (GTK_LABEL (note), line->note != NULL ? line->note : "");
  gtk_widget_set_visible (note, line->note != NULL);
}
