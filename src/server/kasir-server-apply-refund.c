/* kasir-server-apply-refund.c — sale.refund: money back for lines of a sale of this
 * outlet, never more than was sold or paid, with the goods back in stock.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-apply.h"

/* Whether the refund stays within what the sale sold and what was refunded before;
 * rejects it when not. */
static gboolean
check_within_sale (KasirApply         *a,
                   const KasirRefund  *refund,
                   gboolean           *ok,
                   GError            **error)
{
  const KasirServerTxClass *k = a->tx->klass;
  gint64 sale_total = 0, sale_outlet = 0, refunded;
  gboolean found;

  *ok = FALSE;
  if (!k->sale_total (a->tx, refund->sale_id, &sale_total, &sale_outlet, &found, error))
    return FALSE;
  if (!found || sale_outlet != a->outlet_id)
    {
      kasir_apply_reject (a, "unknown_sale: no sale %s", refund->sale_id);
      return TRUE;
    }
  if (!k->refunded_total (a->tx, refund->sale_id, &refunded, error))
    return FALSE;
  if (refunded + refund->total > sale_total)
    {
      kasir_apply_reject (a, "exceeds_sale: refunds would total %" G_GINT64_FORMAT
                          " of a sale of %" G_GINT64_FORMAT, refunded + refund->total, sale_total);
      return TRUE;
    }
  for (guint i = 0; i < refund->lines->len; i++)
    {
      const KasirRefundLine *l = g_ptr_array_index (refund->lines, i);
      gint64 sold, back;

      if (!k->line_quantities (a->tx, refund->sale_id, l->product_id, &sold, &back, error))
        return FALSE;
      if (back + l->qty > sold)
        {
          kasir_apply_reject (a, "exceeds_sale: product %" G_GINT64_FORMAT " sold %" G_GINT64_FORMAT
                              ", refunding %" G_GINT64_FORMAT " more than that", l->product_id,
                              sold, back + l->qty - sold);
          return TRUE;
        }
    }
  *ok = TRUE;
  return TRUE;
}

gboolean
kasir_apply_sale_refund (KasirApply  *a,
                         GError     **error)
{
  const KasirServerTxClass *k = a->tx->klass;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirRefund) refund = kasir_protocol_decode_refund (a->mutation->payload, &local_error);
  gboolean found, allowed, ok, in_range;

  if (refund == NULL)
    {
      kasir_apply_reject (a, "invalid refund: %s", local_error->message);
      return TRUE;
    }
  if (!kasir_apply_check_actor (a, refund->staff_id, &allowed, error))
    return FALSE;
  if (!allowed)
    return TRUE;
  /* The manager the till says approved it must be one, active, of this outlet. */
  if (refund->approved_by > 0 &&
      !kasir_apply_check_staff (a, refund->approved_by, KASIR_SERVER_ROLE_MANAGER, &allowed, error))
    return FALSE;
  if (!allowed)
    return TRUE;
  if (!k->refund_exists (a->tx, refund->refund_id, &found, error))
    return FALSE;
  if (found)
    return TRUE;
  if (!check_within_sale (a, refund, &ok, error))
    return FALSE;
  if (!ok)
    return TRUE;
  if (!k->insert_refund (a->tx, refund, a->terminal_id, a->outlet_id, a->mutation->seq, error))
    return FALSE;
  for (guint i = 0; i < refund->lines->len; i++)
    {
      const KasirRefundLine *l = g_ptr_array_index (refund->lines, i);

      /* Damaged goods written off do not go back on the shelf. */
      if (l->write_off)
        continue;
      if (!kasir_apply_stock_add (a, l->product_id, l->qty, NULL, NULL, &in_range, error))
        return FALSE;
      if (!in_range)
        {
          kasir_apply_reject (a, "out_of_range: the stock of product %" G_GINT64_FORMAT
                              " would leave the range the protocol allows", l->product_id);
          return TRUE;
        }
    }
  return TRUE;
}
