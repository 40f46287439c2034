/* kasir-server-open-orders.h — the open orders of an outlet, for every till of it (GET
 * /api/v1/orders/open).
 *
 * Each order as the server keeps it: who sent it from which till, its label, how it is
 * served, its total, the whole cart (for the till that pays it) and what its kitchen
 * tickets asked for so far (so a till that adds to it prints only what is new). Orders
 * paid within the last day are listed too, as paid, so that the till that sent one
 * learns it was paid elsewhere. Only the asking till's outlet is listed.
 *
 * Written once for both backends with the report's row runner (kasir-server-report.h).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-server-report.h"

G_BEGIN_DECLS

/* { "orders": [ { "order_id", "terminal_id", "terminal_name", "staff_id", "staff_name",
 *   "label", "order_type", "order_ref", "total", "cart": {…}, "sent": […], "state",
 *   "opened_at", "updated_at" } ] }, oldest first; NULL with @error on a storage
 * failure. */
JsonNode *kasir_server_open_orders (KasirServerReportRows   rows,
                                    gpointer                store,
                                    gint64                  outlet_id,
                                    GError                **error);

G_END_DECLS
