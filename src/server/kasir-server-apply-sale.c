/* kasir-server-apply-sale.c — sale.create: a sale is money that already changed hands,
 * so the server never refuses one it can read. What only the server can see — a shift
 * closed meanwhile, points spent twice, a price changed, a product archived, stock sold
 * twice, a reference to someone this outlet does not have — becomes a conflict beside
 * the recorded sale.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-apply.h"

static gboolean
owned_elsewhere (KasirApply  *a,
                 const char  *table,
                 const char  *id,
                 gboolean     unknown_too,
                 gboolean    *foreign,
                 GError     **error)
{
  gint64 outlet = 0;
  gboolean found = FALSE;

  if (!a->tx->klass->outlet_of (a->tx, table, id, &outlet, &found, error))
    return FALSE;
  *foreign = found ? outlet != a->outlet_id : unknown_too;
  return TRUE;
}

/* A cashier, customer or shift the sale names that this outlet does not have cannot
 * refuse it: the sale is recorded without that reference, beside an open
 * unknown_reference conflict that says what was dropped. An unknown shift stays (its
 * shift.open may have been refused); another outlet's does not. Nothing of another
 * outlet is named beyond the ids the till itself sent. */
static gboolean
drop_foreign_references (KasirApply  *a,
                         KasirSale   *sale,
                         GError     **error)
{
  g_autoptr(JsonNode) t = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) srv = json_node_new (JSON_NODE_OBJECT);
  JsonObject *tobj = json_object_new (), *sobj = json_object_new ();
  JsonArray *dropped = json_array_new ();
  gboolean foreign;

  json_node_take_object (t, tobj);
  json_node_take_object (srv, sobj);
  json_object_set_array_member (sobj, "dropped", dropped);

  if (sale->staff_id != 0)
    {
      g_auto(KasirServerStaff) staff = { 0 };

      if (!a->tx->klass->load_staff (a->tx, sale->staff_id, &staff, error))
        return FALSE;
      if (!staff.found || staff.outlet_id != a->outlet_id || !staff.active)
        {
          json_object_set_int_member (tobj, "staff_id", sale->staff_id);
          json_array_add_string_element (dropped, "staff_id");
          sale->staff_id = 0;
        }
    }
  if (sale->customer_id != 0)
    {
      char idbuf[32];

      g_snprintf (idbuf, sizeof idbuf, "%" G_GINT64_FORMAT, sale->customer_id);
      if (!owned_elsewhere (a, "customers", idbuf, TRUE, &foreign, error))
        return FALSE;
      if (foreign)
        {
          json_object_set_int_member (tobj, "customer_id", sale->customer_id);
          json_array_add_string_element (dropped, "customer_id");
          /* No points move: the customer is not this outlet's. */
          sale->customer_id = 0;
        }
    }
  if (sale->shift_id != NULL)
    {
      if (!owned_elsewhere (a, "shifts", sale->shift_id, FALSE, &foreign, error))
        return FALSE;
      if (foreign)
        {
          json_object_set_string_member (tobj, "shift_id", sale->shift_id);
          json_array_add_string_element (dropped, "shift_id");
          g_clear_pointer (&sale->shift_id, g_free);
        }
    }
  if (json_array_get_length (dropped) == 0)
    return TRUE;
  return kasir_apply_conflict (a, KASIR_CONFLICT_UNKNOWN_REFERENCE, KASIR_CONFLICT_OPEN, "sale",
                               sale->sale_id, NULL, kasir_apply_with_sale (t, sale), srv, error);
}

/* Finds or makes the shift a sale moves to when its own shift was closed on the server:
 * one continuation shift per closed shift, opened at the sale's time. A sale without a
 * cashier stays with the cashier of the closed shift. */
static gboolean
continuation_shift (KasirApply              *a,
                    const char              *closed_shift,
                    const KasirServerShift  *closed,
                    const KasirSale         *sale,
                    char                   **out_id,
                    GError                 **error)
{
  const KasirServerTxClass *k = a->tx->klass;
  g_autofree char *id = NULL;

  if (!k->continuation_of (a->tx, closed_shift, &id, error))
    return FALSE;
  if (id == NULL)
    {
      id = kasir_uuid_new ();
      if (!k->insert_shift (a->tx, id, a->outlet_id, a->terminal_id,
                            sale->staff_id != 0 ? sale->staff_id : closed->staff_id,
                            sale->created_at, 0, closed_shift, error)
          || !k->log_change (a->tx, "shift", id, a->outlet_id, FALSE, error))
        return FALSE;
    }
  *out_id = g_steal_pointer (&id);
  return TRUE;
}

/* The shift the sale is recorded in: its own, or the continuation of its own when that
 * was closed on the server meanwhile (settled by rule, kept on record). */
static gboolean
sale_shift (KasirApply       *a,
            const KasirSale  *sale,
            char            **out_id,
            GError          **error)
{
  KasirServerShift shift = { 0 };
  g_autofree char *moved = NULL;
  JsonObject *t, *s;
  g_autoptr(JsonNode) tn = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) sn = json_node_new (JSON_NODE_OBJECT);

  *out_id = g_strdup (sale->shift_id);
  if (sale->shift_id == NULL)
    return TRUE;
  if (!a->tx->klass->load_shift (a->tx, sale->shift_id, &shift, error))
    return FALSE;
  if (!shift.found || !shift.closed)
    return TRUE;
  if (!continuation_shift (a, sale->shift_id, &shift, sale, &moved, error))
    return FALSE;
  t = json_object_new ();
  s = json_object_new ();
  json_object_set_string_member (t, "shift_id", sale->shift_id);
  json_object_set_string_member (t, "sale_id", sale->sale_id);
  json_object_set_string_member (t, "receipt_no", sale->receipt_no);
  json_object_set_string_member (s, "shift_id", moved);
  json_object_set_string_member (s, "closed_shift_id", sale->shift_id);
  json_node_take_object (tn, t);
  json_node_take_object (sn, s);
  if (!kasir_apply_conflict (a, KASIR_CONFLICT_SHIFT_CLOSED, KASIR_CONFLICT_RESOLVED_BY_RULE,
                             "sale", sale->sale_id, NULL, tn, sn, error))
    return FALSE;
  g_free (*out_id);
  *out_id = g_steal_pointer (&moved);
  return TRUE;
}

/* Moves the member's points: those spent, then those earned, in one balance change. The
 * points were tendered as money that already changed hands: the sale stands, the balance
 * stops at zero, and a conflict records the shortfall for the manager (the wire never
 * carries a negative balance). Points earned are credited with the sale itself, so a
 * sale applied once (its seq and its unique sale id) credits them once. */
static gboolean
move_points (KasirApply       *a,
             const KasirSale  *sale,
             GError          **error)
{
  const KasirServerTxClass *k = a->tx->klass;
  g_autoptr(KasirCustomer) c = NULL;
  gint64 cust_outlet = 0, shortfall, left;
  char idbuf[32];

  if (sale->customer_id == 0 || (sale->loyalty_redeemed <= 0 && sale->loyalty_earned <= 0))
    return TRUE;
  if (!k->load_customer (a->tx, sale->customer_id, &c, &cust_outlet, error))
    return FALSE;
  if (c == NULL)
    return TRUE;
  shortfall = sale->loyalty_redeemed > c->loyalty_points
              ? sale->loyalty_redeemed - c->loyalty_points : 0;
  left = c->loyalty_points - (sale->loyalty_redeemed - shortfall);
  g_snprintf (idbuf, sizeof idbuf, "%" G_GINT64_FORMAT, c->id);
  if (shortfall > 0)
    {
      g_autoptr(JsonNode) b = kasir_apply_int_object ("loyalty_points", c->loyalty_points, NULL, 0);
      g_autoptr(JsonNode) t = kasir_apply_int_object ("loyalty_redeemed", sale->loyalty_redeemed, NULL, 0);
      g_autoptr(JsonNode) s = kasir_apply_int_object ("loyalty_points", left, "shortfall", shortfall);

      if (!kasir_apply_conflict (a, KASIR_CONFLICT_LOYALTY_OVERSPENT, KASIR_CONFLICT_OPEN,
                                 "customer", idbuf, b, kasir_apply_with_sale (t, sale), s, error))
        return FALSE;
    }
  /* Both are at most the protocol's largest amount, so the sum fits. */
  left += sale->loyalty_earned;
  return k->set_points (a->tx, c->id, left, error)
         && k->log_change (a->tx, "customer", idbuf, cust_outlet, FALSE, error);
}

/* A member made on the till and sold to before the till learned the server's id: the
 * customer.upsert came first in the same outbox, so the server knows the client id. */
static gboolean
resolve_new_customer (KasirApply  *a,
                      KasirSale   *sale,
                      GError     **error)
{
  gint64 id = 0;
  gboolean found = FALSE;

  if (sale->customer_id != 0 || sale->customer_client_id == NULL)
    return TRUE;
  if (!a->tx->klass->customer_id_by_client_id (a->tx, sale->customer_client_id, a->outlet_id,
                                               &id, &found, error))
    return FALSE;
  if (found)
    sale->customer_id = id;
  return TRUE;
}

/* The price the till sold at against the server's: an archived or unknown product is an
 * open conflict; another price version is settled by rule (the customer paid the price
 * on the shelf, and the sale keeps it). *known tells whether the product has stock. */
static gboolean
check_line_price (KasirApply           *a,
                  const KasirSale      *sale,
                  const KasirSaleLine  *l,
                  gboolean             *known,
                  GError              **error)
{
  const KasirServerTxClass *k = a->tx->klass;
  KasirServerPriceState ps = { 0 };
  char idbuf[32];

  if (!k->price_state (a->tx, l->product_id, &ps, error))
    return FALSE;
  *known = ps.found;
  g_snprintf (idbuf, sizeof idbuf, "%" G_GINT64_FORMAT, l->product_id);
  if (!ps.found || ps.archived)
    {
      g_autoptr(JsonNode) t = kasir_apply_int_object ("qty", l->qty, "unit_price", l->unit_price);
      g_autoptr(JsonNode) s = NULL;
      g_autoptr(KasirProduct) product = NULL;

      if (ps.found)
        {
          if (!k->load_product (a->tx, l->product_id, &product, error))
            return FALSE;
          if (product != NULL)
            s = kasir_protocol_encode_product (product);
        }
      return kasir_apply_conflict (a, KASIR_CONFLICT_PRODUCT_ARCHIVED, KASIR_CONFLICT_OPEN,
                                   "product", idbuf, NULL, kasir_apply_with_sale (t, sale), s,
                                   error);
    }
  if (l->price_version != ps.price_version)
    {
      gint64 base_price;
      gboolean have_base;
      g_autoptr(JsonNode) b = NULL;
      g_autoptr(JsonNode) t = kasir_apply_int_object ("price", l->unit_price,
                                                      "price_version", l->price_version);
      g_autoptr(JsonNode) s = kasir_apply_int_object ("price", ps.price,
                                                      "price_version", ps.price_version);

      if (!k->price_at_version (a->tx, l->product_id, l->price_version, &base_price,
                                &have_base, error))
        return FALSE;
      if (have_base)
        b = kasir_apply_int_object ("price", base_price, "price_version", l->price_version);
      return kasir_apply_conflict (a, KASIR_CONFLICT_PRICE_CHANGED, KASIR_CONFLICT_RESOLVED_BY_RULE,
                                   "product", idbuf, b, kasir_apply_with_sale (t, sale), s, error);
    }
  return TRUE;
}

/* The sale's lines, so that a manager reviewing a shortage on another till sees what was
 * sold, not only that something was. */
static void
add_sale_lines (JsonNode        *terminal,
                const KasirSale *sale)
{
  JsonArray *lines = json_array_new ();

  for (guint i = 0; i < sale->lines->len; i++)
    {
      const KasirSaleLine *l = g_ptr_array_index (sale->lines, i);
      JsonObject *line = json_object_new ();

      json_object_set_int_member (line, "product_id", l->product_id);
      if (l->name != NULL)
        json_object_set_string_member (line, "name", l->name);
      json_object_set_int_member (line, "qty", l->qty);
      json_object_set_int_member (line, "unit_price", l->unit_price);
      json_object_set_int_member (line, "total", l->total);
      json_array_add_object_element (lines, line);
    }
  json_object_set_array_member (json_node_get_object (terminal), "lines", lines);
  json_object_set_int_member (json_node_get_object (terminal), "sale_total", sale->total);
}

/* Takes the line from the outlet's stock. A level below zero, or one the protocol cannot
 * carry (left as it was), is a shortage conflict asking a manager to count. */
static gboolean
take_stock (KasirApply           *a,
            const KasirSale      *sale,
            const KasirSaleLine  *l,
            GError              **error)
{
  gint64 before, after;
  gboolean in_range;
  char stockid[64];

  if (!kasir_apply_stock_add (a, l->product_id, -l->qty, &before, &after, &in_range, error))
    return FALSE;
  if (after >= 0 && in_range)
    return TRUE;
  {
    g_autoptr(JsonNode) b = kasir_apply_int_object ("product_id", l->product_id, "qty", before);
    g_autoptr(JsonNode) t = kasir_apply_int_object ("product_id", l->product_id, "qty_sold", l->qty);
    g_autoptr(JsonNode) s = kasir_apply_int_object ("product_id", l->product_id, "qty", after);

    g_snprintf (stockid, sizeof stockid, "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                l->product_id, a->outlet_id);
    add_sale_lines (t, sale);
    return kasir_apply_conflict (a, KASIR_CONFLICT_STOCK_SHORTAGE, KASIR_CONFLICT_OPEN, "stock",
                                 stockid, b, kasir_apply_with_sale (t, sale), s, error);
  }
}

gboolean
kasir_apply_sale_create (KasirApply  *a,
                         GError     **error)
{
  const KasirServerTxClass *k = a->tx->klass;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autofree char *shift_id = NULL;
  gboolean found;

  sale = a->mutation->payload_text != NULL
         ? kasir_protocol_read_sale (a->mutation->payload_text, a->mutation->payload_length,
                                     &local_error)
         : kasir_protocol_decode_sale (a->mutation->payload, &local_error);
  if (sale == NULL)
    {
      kasir_apply_reject (a, "invalid sale: %s", local_error->message);
      return TRUE;
    }
  /* The unique sale id is the second line of defence against a sale applied twice. */
  if (!k->sale_exists (a->tx, sale->sale_id, &found, error))
    return FALSE;
  if (found)
    {
      g_free (a->result->reason);
      a->result->reason = g_strdup ("duplicate sale id; already recorded");
      return TRUE;
    }
  /* An option at a forged price refuses the whole sale before anything of it is kept. */
  for (guint i = 0; i < sale->lines->len; i++)
    {
      gboolean forged = FALSE;

      if (!kasir_apply_check_line_options (a, sale, g_ptr_array_index (sale->lines, i), FALSE,
                                           &forged, error))
        return FALSE;
      if (forged)
        return TRUE;
    }
  if (!resolve_new_customer (a, sale, error)
      || !drop_foreign_references (a, sale, error)
      || !sale_shift (a, sale, &shift_id, error)
      || !move_points (a, sale, error)
      || !k->insert_sale (a->tx, sale, a->terminal_id, a->outlet_id, a->mutation->seq, shift_id,
                          error))
    return FALSE;
  for (guint i = 0; i < sale->lines->len; i++)
    {
      const KasirSaleLine *l = g_ptr_array_index (sale->lines, i);
      gboolean known;

      gboolean forged;

      if (!check_line_price (a, sale, l, &known, error)
          || !kasir_apply_check_line_options (a, sale, l, TRUE, &forged, error))
        return FALSE;
      /* A product the server does not know has no stock to take from. */
      if (known && !take_stock (a, sale, l, error))
        return FALSE;
    }
  return kasir_apply_sale_pays_order (a, sale, error);
}
