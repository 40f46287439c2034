/* kasir-listed-orders.h — the outlet's open orders as the server's GET /api/v1/orders/open
 * lists them (kasir-server-open-orders.h on the server), for the till to keep beside its
 * own (kasir_open_order_repository_replace_listed).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kasir-open-order-repository.h"

G_BEGIN_DECLS

/* The orders (KasirOpenOrder*, own FALSE; terminal_name says which till sent each, or
 * "till N" when the server has no name). Strict: NULL with @error when a member is
 * missing, of the wrong type or out of range, or a cart or item list does not read. */
GPtrArray *kasir_listed_orders_decode (JsonNode  *node,
                                       GError   **error);

G_END_DECLS
