/* kasir-cart-view.h — the cart being sold: lines, adjustments, totals.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kasir-cart.h"
#include "kasir-cart-repository.h"

G_BEGIN_DECLS

#define KASIR_TYPE_CART_VIEW (kasir_cart_view_get_type ())

G_DECLARE_FINAL_TYPE (KasirCartView, kasir_cart_view, KASIR, CART_VIEW, GtkWidget)

GtkWidget       *kasir_cart_view_new               (void);

/* Uses @repository to keep the cart: the saved cart is restored when there is one (and
 * it matches @currency), otherwise an empty cart starts. Every later change is saved
 * before the view shows it. A saved cart that no longer reads is reported and left
 * in the database; the view starts empty. */
gboolean         kasir_cart_view_load              (KasirCartView        *self,
                                                    KasirCartRepository  *repository,
                                                    const char           *currency,
                                                    gboolean              tax_inclusive,
                                                    GError              **error);

/* The computed cart; owned by the view. */
const KasirCart *kasir_cart_view_get_cart          (KasirCartView        *self);
gboolean         kasir_cart_view_is_empty          (KasirCartView        *self);

/* The same with modifier options chosen (KasirSaleLineOption*, copied; NULL: none). */
gboolean         kasir_cart_view_add_product_with_options (KasirCartView        *self,
                                                           const KasirProduct   *product,
                                                           gint64                qty,
                                                           GPtrArray            *options,
                                                           GError              **error);
gboolean         kasir_cart_view_add_product       (KasirCartView        *self,
                                                    const KasirProduct   *product,
                                                    gint64                qty,
                                                    GError              **error);
gboolean         kasir_cart_view_set_line_qty      (KasirCartView        *self,
                                                    guint                 index,
                                                    gint64                qty,
                                                    GError              **error);
gboolean         kasir_cart_view_remove_line       (KasirCartView        *self,
                                                    guint                 index,
                                                    GError              **error);
gboolean         kasir_cart_view_set_line_discount (KasirCartView        *self,
                                                    guint                 index,
                                                    KasirAdjustKind       kind,
                                                    gint64                value,
                                                    GError              **error);
gboolean         kasir_cart_view_set_discount      (KasirCartView        *self,
                                                    KasirAdjustKind       kind,
                                                    gint64                value,
                                                    GError              **error);
gboolean         kasir_cart_view_set_fee           (KasirCartView        *self,
                                                    KasirAdjustKind       kind,
                                                    gint64                value,
                                                    GError              **error);
/* How the sale is served (kasir_cart_set_order()): kept and saved like any change. */
gboolean         kasir_cart_view_set_order         (KasirCartView        *self,
                                                    const char           *order_type,
                                                    const char           *ref,
                                                    GError              **error);
/* The cashier's note on line @index (kasir_cart_set_line_note()): kept and saved like
 * any change; a note too long is refused, said under the cart, and changes nothing. */
gboolean         kasir_cart_view_set_line_note     (KasirCartView        *self,
                                                    guint                 index,
                                                    const char           *note,
                                                    GError              **error);
/* Shows on the Orders button how many open orders wait (0: just "Orders"). */
void             kasir_cart_view_set_open_orders   (KasirCartView        *self,
                                                    guint                 n_orders);
/* Attaches the member @customer_id to the sale (0: none), kept with the cart. */
gboolean         kasir_cart_view_set_customer      (KasirCartView        *self,
                                                    gint64                customer_id,
                                                    GError              **error);
/* Empties the cart (and the saved copy) for the next customer. */
gboolean         kasir_cart_view_clear             (KasirCartView        *self,
                                                    GError              **error);
/* Forgets the cart shown without touching the saved copy: a committed sale already
 * cleared that in its own transaction. */
void             kasir_cart_view_reset_after_sale  (KasirCartView        *self);

/* The selected line, or -1. */
int              kasir_cart_view_get_selected_line (KasirCartView        *self);
void             kasir_cart_view_select_line       (KasirCartView        *self,
                                                    int                   index);

/* Discounts taking more than @above_bp of what they discount wait for a manager's
 * approval (::discount-approval-needed); 0: none do. The shop's setting
 * KASIR_SETTING_DISCOUNT_APPROVAL_ABOVE_BP. */
void     kasir_cart_view_set_discount_approval    (KasirCartView  *self,
                                                   gint64          above_bp);
gboolean kasir_cart_view_has_pending_discount     (KasirCartView  *self);
/* Answers the approval asked for by ::discount-approval-needed: an approved discount is
 * kept (if the cart's lines are still those it was asked for), a refused one dropped. */
gboolean kasir_cart_view_finish_discount_approval (KasirCartView  *self,
                                                   gboolean        approved,
                                                   GError        **error);

/* A control of line @index by name: "minus", "qty" (typed in place), "plus", "discount",
 * "remove"; NULL if there is no such line. */
GtkWidget *kasir_cart_view_get_line_control (KasirCartView *self,
                                             guint          index,
                                             const char    *name);

G_END_DECLS
