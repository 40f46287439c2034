/* kasir-outlet-report.h — the server's sales summary of the whole outlet
 * (GET /api/v1/reports/summary) read into the till's own report (kasir-report-repository.h),
 * so that the report window shows it with the same figures, chart and exports.
 *
 * The answer is checked strictly: every figure an integer (money in minor units), every
 * list an array of objects with the members it needs; anything else is an error and no
 * half-read report is handed back. The server does not split by order type, so
 * by_order_type is empty; top_quantity is the server's top products ordered by units.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kasir-report-repository.h"

G_BEGIN_DECLS

KasirReport *kasir_outlet_report_decode (JsonNode  *node,
                                         GError   **error);

G_END_DECLS
