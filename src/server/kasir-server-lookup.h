/* kasir-server-lookup.h — one sale of an outlet found by its receipt number, for a till
 * that gives back goods sold on another till of the outlet (GET /api/v1/sales/lookup).
 *
 * The answer is the sale as the server holds it: its totals, its lines and payments, and
 * what earlier refunds (from any till) gave back of each line and in all, so that the
 * till never offers more than is left. Only a sale of the asking till's outlet is found.
 *
 * Written once for both backends with the report's row runner (kasir-server-report.h):
 * plain SQL, three text arguments per statement.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-server-report.h"

G_BEGIN_DECLS

/* The sale of @outlet_id whose receipt number (or sale id) is @receipt, as JSON
 * { "sale": { …, "lines": [ … ], "payments": [ … ] } }; NULL with *found FALSE when the
 * outlet has no such sale, or NULL with @error set on a storage failure. */
JsonNode *kasir_server_sale_lookup (KasirServerReportRows   rows,
                                    gpointer                store,
                                    gint64                  outlet_id,
                                    const char             *receipt,
                                    gboolean               *found,
                                    GError                **error);

G_END_DECLS
