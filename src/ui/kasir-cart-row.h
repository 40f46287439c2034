/* kasir-cart-row.h — one line of the cart on screen: its name and total, the unit price
 * and the discount taken off, and its controls (−, the quantity typed in place, +, the
 * line discount, remove).
 *
 * The row only shows a line; what its controls do is the cart view's (kasir-cart-view.c),
 * which connects its handlers through KasirCartRowHandlers. Each control has a widget
 * name ("minus", "qty", "plus", "discount", "note-button", "remove", and the labels
 * "total", "detail" and "note", the line's note, hidden when it has none) by which
 * tests and the view find it.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kasir-cart.h"

G_BEGIN_DECLS

typedef struct
{
  GCallback minus;         /* "clicked" of the − button */
  GCallback plus;          /* "clicked" of the + button */
  GCallback remove;        /* "clicked" of the remove button */
  GCallback qty_activate;  /* "activate" of the quantity entry */
  GCallback note;          /* "clicked" of the note button */
  gpointer  data;          /* the handlers' user data */
} KasirCartRowHandlers;

/* The row's content for @line, priced in @currency; @discount_popover (taken) edits the
 * line's discount. */
GtkWidget *kasir_cart_row_new            (const KasirCartLine        *line,
                                          const char                 *currency,
                                          GtkWidget                  *discount_popover,
                                          const KasirCartRowHandlers *handlers);
/* Shows @line's figures in @content (made by kasir_cart_row_new for the same product),
 * keeping the widgets: a quantity being typed keeps its cursor when it is unchanged. */
void       kasir_cart_row_update         (GtkWidget                  *content,
                                          const KasirCartLine        *line,
                                          const char                 *currency,
                                          GtkWidget                  *discount_popover);
/* The control named @name in @content, or NULL. */
GtkWidget *kasir_cart_row_get_control    (GtkWidget                  *content,
                                          const char                 *name);
/* The index in its list of the row holding @widget, -1 outside one. */
int        kasir_cart_row_index_of       (GtkWidget                  *widget);

G_END_DECLS
