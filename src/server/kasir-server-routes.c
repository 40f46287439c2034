/* kasir-server-routes.c — the server's routes, one line each.
 *
 * A new route is a handler in a file of its own (kasir-server-route-NAME.c, declared in
 * kasir-server-private.h, which says how a handler is written) and one line here.
 *
 * The routes never see SQL: they speak to KasirServerStore. Logs go through GLib's
 * structured logging (journald when run by systemd) and never carry tokens, enrollment
 * codes, PIN hashes or request bodies.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-server-private.h"

/* @token: a terminal's bearer token is checked before the body is read. /metrics is
 * served on the metrics address when there is one. */
const KasirServerRoute kasir_server_routes[] = {
  { "/api/v1/health",       "GET",  "health",  kasir_server_handle_health,       WORK_NONE,   FALSE },
  { "/api/v1/enroll",       "POST", "enroll",  kasir_server_handle_enroll,       WORK_WRITES, FALSE },
  { "/api/v1/sync/push",    "POST", "push",    kasir_server_handle_push,         WORK_WRITES, TRUE },
  { "/api/v1/sync/import",  "POST", "import",  kasir_server_handle_import,       WORK_WRITES, TRUE },
  { "/api/v1/terminal/key", "POST", "key",     kasir_server_handle_register_key, WORK_WRITES, TRUE },
  { "/api/v1/sync/pull",    "GET",  "pull",    kasir_server_handle_pull,         WORK_READS,  TRUE },
  { "/api/v1/reports/summary", "GET", "reports", kasir_server_handle_reports,    WORK_READS,  TRUE },
  { "/api/v1/sales/lookup", "GET",  "lookup",  kasir_server_handle_sale_lookup,  WORK_READS,  TRUE },
  { "/metrics",             "GET",  "metrics", kasir_server_handle_metrics,      WORK_READS,  FALSE },
};

const guint kasir_server_n_routes = G_N_ELEMENTS (kasir_server_routes);
