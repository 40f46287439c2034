/* kasir-receipt-shop.h — what a receipt says about the shop, the till and the cashier.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-database.h"
#include "kasir-models.h"

G_BEGIN_DECLS

typedef struct
{
  char *header;    /* shop, outlet, address, tax number, header text: one a line */
  char *footer;
  char *cashier;   /* NULL when unknown */
  char *till;      /* NULL when unnamed */
  char *customer;  /* the member on the sale; NULL when none */
} KasirReceiptShop;

/* Reads the shop's settings (kasir-setting-keys.h) from @database, which the server
 * sends or the shop setup writes; the till's own receipt-header and receipt-footer
 * (@settings) stand in for what the shop has not set. @sale names its cashier.
 * @database may be NULL: only @settings is read. */
KasirReceiptShop *kasir_receipt_shop_load (KasirDatabase   *database,
                                           GSettings       *settings,
                                           const KasirSale *sale);
void              kasir_receipt_shop_free (KasirReceiptShop *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirReceiptShop, kasir_receipt_shop_free)

G_END_DECLS
