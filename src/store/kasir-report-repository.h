/* kasir-report-repository.h — sales reports from this till's own data, offline.
 *
 * For a span of time [@from, @to) (RFC 3339 UTC; a day or a range of days in the shop's
 * local time is turned into such a span by the caller): the number of sales, gross
 * (the sales' subtotals), discounts, sales (their totals, what customers paid), refunds
 * made in the span, net (sales minus refunds), tax and the average basket (sales / their
 * number, rounded down); net by payment method (cash net of the change handed back, each
 * method net of the refunds paid out in it, so the methods add up to net); the top
 * products by revenue and by quantity, net by cashier, and net by local hour (each net
 * of the refunds made in the span: a product of what its refund lines gave back, a
 * cashier of the refunds they made, an hour of those made in it; hour_count counts
 * sales only). A cashier's report is limited to one shift
 * (@shift_id); a manager's covers every sale and refund.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-models.h"
#include "kasir-database.h"

G_BEGIN_DECLS

#define KASIR_REPORT_TOP_PRODUCTS 20

/* One line of a breakdown: a payment method, a product or a cashier. */
typedef struct
{
  gint64      id;      /* product or staff id; 0 for a payment method */
  char       *key;     /* the method ("cash"), the product's name, the cashier's name */
  gint64      count;   /* sales, or units of a product net of those given back */
  KasirMoney  amount;  /* net money (of refunds too) */
} KasirReportRow;

typedef struct
{
  gint64      sale_count;
  KasirMoney  gross;
  KasirMoney  discounts;
  KasirMoney  sales;        /* the sales' totals */
  gint64      refund_count;
  KasirMoney  refunds;
  KasirMoney  net;          /* sales - refunds */
  KasirMoney  tax;
  KasirMoney  average;
  GPtrArray  *by_method;    /* KasirReportRow*, by amount, largest first */
  GPtrArray  *top_revenue;  /* KasirReportRow*, at most KASIR_REPORT_TOP_PRODUCTS */
  GPtrArray  *top_quantity; /* KasirReportRow*, at most KASIR_REPORT_TOP_PRODUCTS */
  GPtrArray  *by_cashier;   /* KasirReportRow*, by amount */
  gint64      hour_count[24];
  KasirMoney  hour_net[24];
  /* KasirReportRow*, by amount: key the order type ("dine_in"…, "" for sales that did
   * not say), count the sales, amount their totals (what customers paid; refunds are
   * not taken off). Read from the sales themselves, so only the sales this till still
   * keeps (kasir-sales-retention.h) are counted. */
  GPtrArray  *by_order_type;
} KasirReport;

void kasir_report_free (KasirReport *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirReport, kasir_report_free)

#define KASIR_TYPE_REPORT_REPOSITORY (kasir_report_repository_get_type ())

G_DECLARE_FINAL_TYPE (KasirReportRepository, kasir_report_repository, KASIR, REPORT_REPOSITORY, GObject)

KasirReportRepository *kasir_report_repository_new (KasirDatabase *database);

/* NULL with KASIR_INPUT_ERROR when @from or @to is not RFC 3339 UTC on a quarter hour
 * ("2026-11-01T17:00:00Z"; every local midnight is one) or @to is not after @from.
 * @shift_id NULL: every sale. Sales are placed by their created_at, which the till
 * writes in that same UTC form. */
KasirReport *kasir_report_repository_summarize (KasirReportRepository  *self,
                                                const char             *from,
                                                const char             *to,
                                                const char             *shift_id,
                                                GError                **error);

/* The span [@from, @to) in UTC of the local days @first .. @last (both included), as
 * RFC 3339 strings; each day is taken in its own GDateTime's time zone. */
void         kasir_report_local_days       (GDateTime              *first,
                                            GDateTime              *last,
                                            char                  **out_from,
                                            char                  **out_to);

G_END_DECLS

G_BEGIN_DECLS

/* The report as CSV (RFC 4180, CRLF): a "section,key,count,amount" header, then the
 * totals, the payment methods, the top products by revenue and by quantity, the cashiers
 * and the 24 hours. Amounts are integers in minor units, so a spreadsheet adds them
 * exactly. Text fields are quoted when needed, and a leading =, +, - or @ is escaped so
 * that no spreadsheet runs a product name as a formula. */
char *kasir_report_to_csv (const KasirReport *report,
                           const char        *from,
                           const char        *to);

G_END_DECLS
