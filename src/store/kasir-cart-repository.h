/* kasir-cart-repository.h — the cart on the till, kept across a crash or restart.
 *
 * The UI saves the cart after every change; a committed sale clears it in the sale's own
 * transaction (kasir-sales-repository.h), so a restart never shows a sold cart again.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-cart.h"
#include "kasir-database.h"

G_BEGIN_DECLS

#define KASIR_TYPE_CART_REPOSITORY (kasir_cart_repository_get_type ())

G_DECLARE_FINAL_TYPE (KasirCartRepository, kasir_cart_repository, KASIR, CART_REPOSITORY, GObject)

KasirCartRepository *kasir_cart_repository_new   (KasirDatabase        *database);

gboolean   kasir_cart_repository_save  (KasirCartRepository  *self,
                                        const KasirCart      *cart,
                                        GError              **error);
/* The saved cart, or NULL with no error when none is saved. A saved cart that no longer
 * decodes is an error (and stays saved, for inspection). */
KasirCart *kasir_cart_repository_load  (KasirCartRepository  *self,
                                        GError              **error);
gboolean   kasir_cart_repository_clear (KasirCartRepository  *self,
                                        GError              **error);

G_END_DECLS
