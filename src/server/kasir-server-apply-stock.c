/* kasir-server-apply-stock.c — stock.adjust: a manager's count or correction of one
 * product's stock at the terminal's outlet, kept in the audit log.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-apply.h"

gboolean
kasir_apply_stock_adjust (KasirApply  *a,
                          GError     **error)
{
  const KasirServerTxClass *k = a->tx->klass;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirStockAdjust) adj = kasir_protocol_decode_stock_adjust (a->mutation->payload, &local_error);
  g_autoptr(KasirProduct) product = NULL;
  g_autofree char *detail = NULL;
  gint64 before, after;
  gboolean allowed, in_range;

  if (adj == NULL)
    {
      kasir_apply_reject (a, "invalid stock.adjust: %s", local_error->message);
      return TRUE;
    }
  if (!kasir_apply_check_actor (a, adj->staff_id, &allowed, error))
    return FALSE;
  if (!allowed)
    return TRUE;
  if (!k->load_product (a->tx, adj->product_id, &product, error))
    return FALSE;
  if (product == NULL)
    {
      kasir_apply_reject (a, "unknown_product: no product %" G_GINT64_FORMAT, adj->product_id);
      return TRUE;
    }
  if (!kasir_apply_stock_add (a, adj->product_id, adj->delta, &before, &after, &in_range, error))
    return FALSE;
  if (!in_range)
    {
      kasir_apply_reject (a, "out_of_range: stock %" G_GINT64_FORMAT " %+" G_GINT64_FORMAT
                          " would leave the range the protocol allows", before, adj->delta);
      return TRUE;
    }
  detail = g_strdup_printf ("product %" G_GINT64_FORMAT " outlet %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                            " -> %" G_GINT64_FORMAT " by staff %" G_GINT64_FORMAT " (%s)",
                            adj->product_id, a->outlet_id, before, after, adj->staff_id,
                            adj->reason ? adj->reason : "");
  return k->audit (a->tx, "terminal", "stock.adjust", detail, error);
}
