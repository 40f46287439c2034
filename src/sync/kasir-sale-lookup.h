/* kasir-sale-lookup.h — a sale made on another till of the outlet, as the server's
 * GET /api/v1/sales/lookup answers it: the sale itself and what refunds (from any till)
 * already gave back of each line, so that this till never refunds more than is left.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kasir-models.h"

G_BEGIN_DECLS

typedef struct
{
  KasirSale *sale;
  gint64     terminal_id;     /* the till that made it */
  GArray    *returned_qty;    /* gint64 per line, in line order */
  GArray    *returned_amount; /* gint64 per line: money given back */
  KasirMoney refunded_total;
} KasirRemoteSale;

void             kasir_remote_sale_free   (KasirRemoteSale *self);
/* Decodes the answer strictly: NULL with @error set when a member is missing, of the
 * wrong type, or out of range (a negative amount, a quantity of 0). */
KasirRemoteSale *kasir_remote_sale_decode (JsonNode        *node,
                                           GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirRemoteSale, kasir_remote_sale_free)

G_END_DECLS
