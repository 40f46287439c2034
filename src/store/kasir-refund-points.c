/* kasir-refund-points.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-database-private.h"
#include "kasir-input-error.h"
#include "kasir-loyalty.h"
#include "kasir-money.h"
#include "kasir-refund-points.h"

/* What earlier refunds of @sale_id gave back as points, in money. */
static gboolean
refunded_as_points (KasirDatabase  *db,
                    const char     *sale_id,
                    KasirMoney     *out,
                    GError        **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = kasir_database_prepare (db,
                                 "SELECT COALESCE (SUM (p.amount), 0) FROM refund_payments p "
                                 "JOIN refunds r ON r.refund_id = p.refund_id "
                                 "WHERE r.sale_id = ? AND p.method = 'points'", error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, sale_id);
  rc = sqlite3_step (stmt);
  *out = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  kasir_database_stmt_done (stmt);
  if (rc != SQLITE_ROW)
    {
      kasir_database_set_error (db, rc, "read refunds", error);
      return FALSE;
    }
  return TRUE;
}

static KasirMoney
sum_method (GPtrArray          *payments,
            KasirPaymentMethod  method)
{
  KasirMoney sum = 0;

  for (guint i = 0; i < payments->len; i++)
    {
      const KasirPayment *p = payments->pdata[i];

      if (p->method == method && !kasir_money_add (sum, p->amount, &sum))
        return G_MAXINT64;
    }
  return sum;
}

gboolean
kasir_refund_points_left (KasirDatabase    *db,
                          const KasirSale  *sale,
                          KasirMoney       *out,
                          GError          **error)
{
  KasirMoney paid = sum_method (sale->payments, KASIR_PAYMENT_POINTS);
  KasirMoney before = 0;

  *out = 0;
  if (sale->customer_id == 0 || paid == 0)
    return TRUE;
  if (!refunded_as_points (db, sale->sale_id, &before, error))
    return FALSE;
  *out = MAX (paid - before, 0);
  return TRUE;
}

gboolean
kasir_refund_points_apply (KasirDatabase      *db,
                           const KasirSale    *sale,
                           const KasirRefund  *refund,
                           KasirMoney          refunded_before,
                           GError            **error)
{
  KasirMoney paid = sum_method (sale->payments, KASIR_PAYMENT_POINTS);
  KasirMoney as_points = sum_method (refund->payments, KASIR_PAYMENT_POINTS);
  KasirMoney before = 0;
  gint64 taken, given;
  sqlite3_stmt *stmt;

  if (as_points > 0)
    {
      KasirNumberFormat format;
      g_autofree char *left_text = NULL;

      if (!refunded_as_points (db, sale->sale_id, &before, error))
        return FALSE;
      if (sale->customer_id == 0 || paid == 0)
        {
          g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                       _("Receipt %s was not paid with points: give the money back another way."),
                       sale->receipt_no);
          return FALSE;
        }
      if (as_points > paid - before)
        {
          kasir_number_format_current (&format);
          left_text = kasir_money_format (MAX (paid - before, 0), kasir_currency_lookup (sale->currency),
                                          &format);
          g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE,
                       _("At most %s of receipt %s can go back as points."), left_text, sale->receipt_no);
          return FALSE;
        }
    }
  if (sale->customer_id == 0)
    return TRUE;

  taken = kasir_loyalty_points_taken_back (sale->loyalty_earned, sale->total, refunded_before, refund->total);
  given = kasir_loyalty_points_given_back (sale->loyalty_redeemed, paid, before, as_points);
  if (taken == given)
    return TRUE;
  stmt = kasir_database_prepare (db,
                                 "UPDATE customers SET loyalty_points = MAX (0, loyalty_points + ?) "
                                 "WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, given - taken);
  sqlite3_bind_int64 (stmt, 2, sale->customer_id);
  return kasir_database_step_done (db, stmt, "customer points", error);
}
