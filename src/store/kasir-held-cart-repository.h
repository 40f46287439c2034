/* kasir-held-cart-repository.h — carts parked at the till (hold and recall).
 *
 * Holding moves the current cart into the held list and empties the current one, in one
 * transaction; recalling moves a held cart back into the (empty) current cart, in one
 * transaction. A crash at any moment leaves the cart in exactly one of the two places,
 * and the held list survives a restart like the current cart does.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-cart.h"
#include "kasir-database.h"

G_BEGIN_DECLS

typedef struct
{
  gint64      id;
  char       *label;       /* what the cashier typed (a name, a table, a note); may be "" */
  gint64      staff_id;
  char       *staff_name;  /* who held it, as signed in then */
  char       *shift_id;    /* the shift it was held in, or NULL */
  char       *held_at;     /* RFC 3339, UTC */
  KasirMoney  total;
  gint64      n_items;     /* units, summed over the lines */
} KasirHeldCart;

void kasir_held_cart_free (KasirHeldCart *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirHeldCart, kasir_held_cart_free)

#define KASIR_TYPE_HELD_CART_REPOSITORY (kasir_held_cart_repository_get_type ())

G_DECLARE_FINAL_TYPE (KasirHeldCartRepository, kasir_held_cart_repository, KASIR, HELD_CART_REPOSITORY, GObject)

KasirHeldCartRepository *kasir_held_cart_repository_new    (KasirDatabase            *database);

/* Parks @cart (computed, with at least one line) under @label (may be NULL) and clears
 * the saved current cart, in one transaction. Returns the held cart's id, or 0 with an
 * error and nothing changed. */
gint64     kasir_held_cart_repository_hold   (KasirHeldCartRepository  *self,
                                              const KasirCart          *cart,
                                              const char               *label,
                                              gint64                    staff_id,
                                              const char               *staff_name,
                                              const char               *shift_id,
                                              GError                  **error);
/* The held carts, oldest first (KasirHeldCart*). */
GPtrArray *kasir_held_cart_repository_list   (KasirHeldCartRepository  *self,
                                              GError                  **error);
/* Moves held cart @id back into the saved current cart and removes it from the list, in
 * one transaction, and returns it. Refused (NULL, an error, nothing changed) when the
 * current cart has lines, when there is no such held cart, or when it cannot be read. */
KasirCart *kasir_held_cart_repository_recall (KasirHeldCartRepository  *self,
                                              gint64                    id,
                                              GError                  **error);
/* How many carts are held that were not held in shift @shift_id (NULL: all of them):
 * those a shift close leaves behind. */
gboolean   kasir_held_cart_repository_count  (KasirHeldCartRepository  *self,
                                              const char               *shift_id,
                                              gint64                   *out,
                                              GError                  **error);

G_END_DECLS
