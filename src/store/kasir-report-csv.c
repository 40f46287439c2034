/* kasir-report-csv.c — a report as CSV; see kasir-report-repository.h.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kasir-csv.h"
#include "kasir-report-repository.h"

static void
append_line (GString    *out,
             const char *section,
             const char *key,
             gint64      count,
             KasirMoney  amount)
{
  kasir_csv_append_field (out, section);
  g_string_append_c (out, ',');
  kasir_csv_append_field (out, key);
  g_string_append_printf (out, ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "\r\n", count, amount);
}

static void
append_rows (GString    *out,
             const char *section,
             GPtrArray  *rows)
{
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      const KasirReportRow *row = rows->pdata[i];

      append_line (out, section, row->key, row->count, row->amount);
    }
}

char *
kasir_report_to_csv (const KasirReport *report,
                     const char        *from,
                     const char        *to)
{
  GString *out;

  g_return_val_if_fail (report != NULL, NULL);

  out = g_string_new ("section,key,count,amount\r\n");
  append_line (out, "span", from != NULL ? from : "", 0, 0);
  append_line (out, "span", to != NULL ? to : "", 0, 0);
  append_line (out, "total", "gross", report->sale_count, report->gross);
  append_line (out, "total", "discounts", report->sale_count, report->discounts);
  append_line (out, "total", "sales", report->sale_count, report->sales);
  append_line (out, "total", "refunds", report->refund_count, report->refunds);
  append_line (out, "total", "net", report->sale_count, report->net);
  append_line (out, "total", "tax", report->sale_count, report->tax);
  append_line (out, "total", "average", report->sale_count, report->average);
  append_rows (out, "payment", report->by_method);
  append_rows (out, "product-revenue", report->top_revenue);
  append_rows (out, "product-quantity", report->top_quantity);
  append_rows (out, "cashier", report->by_cashier);
  for (guint h = 0; h < 24; h++)
    {
      char key[8];

      g_snprintf (key, sizeof key, "%02u", h);
      append_line (out, "hour", key, report->hour_count[h], report->hour_net[h]);
    }
  append_rows (out, "order-type", report->by_order_type);

  return g_string_free (out, FALSE);
}
