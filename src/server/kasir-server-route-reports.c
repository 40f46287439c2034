/* kasir-server-route-reports.c — GET /api/v1/reports/summary?from&to&staff_id: the sales
 * summary of the token's outlet (every till's sales and refunds) for a period, for the
 * back office's report window when the till is online.
 *
 * The till proves the manager role the way it does for staff.upsert: the approving
 * manager's staff id comes with the request, and the server answers only when that
 * person is an active manager of the token's outlet (403 otherwise). Dates are local
 * dates, YYYY-MM-DD, both included, of a shop utc_offset minutes east of UTC (the till
 * sends its own; without one, UTC days); a bad one is a 400 naming it.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-private.h"
#include "kasir-server-report.h"

void
kasir_server_handle_reports (KasirServer      *self,
                             KasirServerCall  *call)
{
  const char *from = call->query != NULL ? g_hash_table_lookup (call->query, "from") : NULL;
  const char *to = call->query != NULL ? g_hash_table_lookup (call->query, "to") : NULL;
  const char *staff = call->query != NULL ? g_hash_table_lookup (call->query, "staff_id") : NULL;
  const char *offset = call->query != NULL ? g_hash_table_lookup (call->query, "utc_offset") : NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  gint64 terminal_id, outlet_id;
  guint64 staff_id = 0;
  int utc_offset = 0;
  gboolean forbidden = FALSE;

  if (!kasir_server_authenticate (self, call, &terminal_id, &outlet_id))
    return;
  if (!kasir_server_report_date_ok (from) || !kasir_server_report_date_ok (to) || g_strcmp0 (from, to) > 0)
    {
      kasir_server_call_error (call, SOUP_STATUS_BAD_REQUEST, "bad_request",
                               "from and to must be dates YYYY-MM-DD, from not after to", 0);
      return;
    }
  if (!kasir_server_report_offset_ok (offset, &utc_offset))
    {
      kasir_server_call_error (call, SOUP_STATUS_BAD_REQUEST, "bad_request",
                               "utc_offset must be minutes east of UTC, -720 to 840, a quarter hour", 0);
      return;
    }
  if (staff == NULL || !g_ascii_string_to_unsigned (staff, 10, 1, G_MAXINT64, &staff_id, NULL))
    {
      kasir_server_call_error (call, SOUP_STATUS_BAD_REQUEST, "bad_request",
                               "staff_id must name the approving manager", 0);
      return;
    }
  answer = kasir_server_store_report_summary (call->store, outlet_id, (gint64) staff_id, from, to,
                                              utc_offset, &forbidden, &error);
  if (forbidden)
    {
      kasir_server_call_error (call, SOUP_STATUS_FORBIDDEN, "forbidden",
                               "only an active manager of this outlet may read its report", 0);
      return;
    }
  if (answer == NULL)
    {
      kasir_server_call_store_error (call, error);
      return;
    }
  kasir_server_call_json (call, SOUP_STATUS_OK, answer);
}
