/* kasir-server-report.h — an outlet's sales summary for a period, the figures of the
 * till's own report (kasir-report-repository.h) over every till of the outlet: gross,
 * discounts, refunds, net, tax, number of sales, average basket; by payment method; the
 * top 20 products by revenue; by cashier (the sales they made, the refunds they made and
 * net: total - refunds); by hour.
 *
 * Written once for both backends: the SQL is plain (no backend's own functions), every
 * statement takes three text arguments, and a backend only runs a statement and hands
 * back its rows as text. A period is two local dates, YYYY-MM-DD, both included, of a shop
 * utc_offset minutes east of UTC (420 for UTC+7): the span from the first date's local
 * midnight to the one after the last, compared with the sales' and refunds' created_at
 * (RFC 3339 UTC, as the tills write it); by_hour is by local hour. Only an active manager
 * of the outlet may read it.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Runs @sql with its three '?' arguments @a, @b and @c bound as text; returns its rows,
 * each a GStrv of the columns as text (NULL for SQL NULL is given as ""), or NULL with
 * @error set. */
typedef GPtrArray *(*KasirServerReportRows) (gpointer     store,
                                             const char  *sql,
                                             const char  *a,
                                             const char  *b,
                                             const char  *c,
                                             GError     **error);

/* The summary as JSON, or NULL: with @error set on a storage failure, or with
 * *forbidden TRUE when @staff_id is not an active manager of @outlet_id. */
JsonNode *kasir_server_report_summary (KasirServerReportRows   rows,
                                       gpointer                store,
                                       gint64                  outlet_id,
                                       gint64                  staff_id,
                                       const char             *from,
                                       const char             *to,
                                       int                     utc_offset,
                                       gboolean               *forbidden,
                                       GError                **error);

/* The offsets a shop may have, in minutes east of UTC (UTC-12:00 to UTC+14:00). */
#define KASIR_SERVER_REPORT_MIN_OFFSET (-12 * 60)
#define KASIR_SERVER_REPORT_MAX_OFFSET (14 * 60)

/* TRUE, with *@utc_offset set, when @text is NULL (UTC: 0) or a number of minutes within
 * the offsets above, a whole quarter hour (every zone's offset is). */
gboolean  kasir_server_report_offset_ok (const char *text,
                                         int        *utc_offset);

/* TRUE when @date is a valid YYYY-MM-DD. */
gboolean  kasir_server_report_date_ok (const char *date);

G_END_DECLS
