/* kasir-server-apply-refund.c — sale.refund: money back for lines of a sale of this
 * outlet, never more than was sold or paid, with the goods back in stock. A refund past
 * the sale after another till's refund of it is a refunded_twice conflict.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-apply.h"
#include "kasir-loyalty.h"

/* Whether the refund stays within what the sale sold and what was refunded before. A
 * sale of another outlet, or none, is rejected (*known FALSE); a refund beyond the sale
 * leaves *why saying by how much. */
static gboolean
check_within_sale (KasirApply         *a,
                   const KasirRefund  *refund,
                   gboolean           *known,
                   char              **why,
                   GError            **error)
{
  const KasirServerTxClass *k = a->tx->klass;
  gint64 sale_total = 0, sale_outlet = 0, refunded;
  gboolean found;

  *known = FALSE;
  *why = NULL;
  if (!k->sale_total (a->tx, refund->sale_id, &sale_total, &sale_outlet, &found, error))
    return FALSE;
  if (!found || sale_outlet != a->outlet_id)
    {
      kasir_apply_reject (a, "unknown_sale: no sale %s", refund->sale_id);
      return TRUE;
    }
  *known = TRUE;
  if (!k->refunded_total (a->tx, refund->sale_id, &refunded, error))
    return FALSE;
  if (refunded + refund->total > sale_total)
    {
      *why = g_strdup_printf ("exceeds_sale: refunds would total %" G_GINT64_FORMAT
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
          *why = g_strdup_printf ("exceeds_sale: product %" G_GINT64_FORMAT " sold %" G_GINT64_FORMAT
                                  ", refunding %" G_GINT64_FORMAT " more than that", l->product_id,
                                  sold, back + l->qty - sold);
          return TRUE;
        }
    }
  return TRUE;
}

/* Whether the refund stays within the sale counting only this terminal's own earlier
 * refunds of it: then what it goes past are another till's refunds. */
static gboolean
fits_alone (KasirApply         *a,
            const KasirRefund  *refund,
            gboolean           *fits,
            GError            **error)
{
  const KasirServerTxClass *k = a->tx->klass;
  gint64 sale_total = 0, sale_outlet = 0, own_total = 0, own_qty = 0, sold, back;
  gboolean found;

  *fits = FALSE;
  if (!k->sale_total (a->tx, refund->sale_id, &sale_total, &sale_outlet, &found, error))
    return FALSE;
  for (guint i = 0; i < refund->lines->len; i++)
    {
      const KasirRefundLine *l = g_ptr_array_index (refund->lines, i);

      if (!k->refunded_by_terminal (a->tx, refund->sale_id, a->terminal_id, l->product_id,
                                    &own_total, &own_qty, error) ||
          !k->line_quantities (a->tx, refund->sale_id, l->product_id, &sold, &back, error))
        return FALSE;
      if (own_qty + l->qty > sold)
        return TRUE;
    }
  *fits = own_total + refund->total <= sale_total;
  return TRUE;
}

/* A refund beyond the sale after another till refunded it too: both tills gave the money
 * back (each knew only its own refunds), so it is recorded as given, nothing more goes
 * back on the shelf, and an open conflict asks a manager to look at the sale. */
static gboolean
record_refunded_twice (KasirApply         *a,
                       const KasirRefund  *refund,
                       const char         *why,
                       GError            **error)
{
  g_autoptr(JsonNode) terminal = kasir_mutation_dup_payload (a->mutation);
  g_autoptr(JsonNode) server = json_node_new (JSON_NODE_OBJECT);
  JsonObject *s = json_object_new ();

  json_object_set_string_member (s, "reason", why);
  json_object_set_int_member (s, "restocked", 0);
  json_node_take_object (server, s);
  return a->tx->klass->insert_refund (a->tx, refund, a->terminal_id, a->outlet_id,
                                      a->mutation->seq, error)
         && kasir_apply_conflict (a, KASIR_CONFLICT_REFUNDED_TWICE, KASIR_CONFLICT_OPEN, "sale",
                                  refund->sale_id, NULL, terminal, server, error);
}

/* refpoints: the member of the sale loses the refunded share of the points the sale
 * earned, and gets back the points that paid for it as far as the refund goes back "as
 * points" (kasir-loyalty.h says how each is rounded). @before is the sale as it was
 * before this refund. The balance stops at zero: points already spent elsewhere are not
 * taken twice. */
static gboolean
move_refund_points (KasirApply                   *a,
                    const KasirRefund            *refund,
                    const KasirServerSalePoints  *before,
                    GError                      **error)
{
  const KasirServerTxClass *k = a->tx->klass;
  g_autoptr(KasirCustomer) c = NULL;
  KasirMoney as_points = 0;
  gint64 cust_outlet = 0, taken, given;
  char idbuf[32];

  if (before->customer_id <= 0 || (before->earned <= 0 && before->redeemed <= 0))
    return TRUE;
  for (guint i = 0; i < refund->payments->len; i++)
    {
      const KasirPayment *p = g_ptr_array_index (refund->payments, i);

      if (p->method == KASIR_PAYMENT_POINTS && !kasir_money_add (as_points, p->amount, &as_points))
        as_points = G_MAXINT64;
    }
  taken = kasir_loyalty_points_taken_back (before->earned, before->total, before->refunded, refund->total);
  given = kasir_loyalty_points_given_back (before->redeemed, before->paid_by_points,
                                           before->refunded_as_points, as_points);
  if (taken == 0 && given == 0)
    return TRUE;
  if (!k->load_customer (a->tx, before->customer_id, &c, &cust_outlet, error))
    return FALSE;
  if (c == NULL || cust_outlet != a->outlet_id)
    return TRUE;
  g_snprintf (idbuf, sizeof idbuf, "%" G_GINT64_FORMAT, c->id);
  /* Each is at most what one sale moved, so the sum fits. */
  return k->set_points (a->tx, c->id, MAX (0, c->loyalty_points + given - taken), error)
         && k->log_change (a->tx, "customer", idbuf, cust_outlet, FALSE, error);
}

gboolean
kasir_apply_sale_refund (KasirApply  *a,
                         GError     **error)
{
  const KasirServerTxClass *k = a->tx->klass;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirRefund) refund = kasir_protocol_decode_refund (a->mutation->payload, &local_error);
  g_autofree char *why = NULL;
  KasirServerSalePoints points;
  gboolean found, allowed, known, in_range;

  if (refund == NULL)
    {
      kasir_apply_reject (a, "invalid refund: %s", local_error->message);
      return TRUE;
    }
  if (!kasir_apply_check_actor (a, refund->staff_id, &allowed, error))
    return FALSE;
  if (!allowed)
    return TRUE;
  /* The one the till says approved it must be an active staff member of this outlet whom
   * kasir-roles.h lets approve a refund. */
  if (refund->approved_by > 0 &&
      !kasir_apply_check_staff (a, refund->approved_by, KASIR_SERVER_ROLE_APPROVE_REFUND, &allowed,
                               error))
    return FALSE;
  if (!allowed)
    return TRUE;
  if (!k->refund_exists (a->tx, refund->refund_id, &found, error))
    return FALSE;
  if (found)
    return TRUE;
  if (!check_within_sale (a, refund, &known, &why, error))
    return FALSE;
  if (!known)
    return TRUE;
  if (why != NULL)
    {
      /* Only the server sees two tills refunding one sale; one till alone going past its
       * sale is a bug of that till, refused. */
      if (!fits_alone (a, refund, &found, error))
        return FALSE;
      if (found)
        return record_refunded_twice (a, refund, why, error);
      kasir_apply_reject (a, "%s", why);
      return TRUE;
    }
  if (!k->sale_points (a->tx, refund->sale_id, &points, error)
      || !k->insert_refund (a->tx, refund, a->terminal_id, a->outlet_id, a->mutation->seq, error)
      || !move_refund_points (a, refund, &points, error))
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
