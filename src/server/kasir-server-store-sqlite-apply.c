/* kasir-server-store-sqlite-apply.c — the SQLite backend's mutation appliers: what each
 * pushed mutation does to the server's data, under the exactly-once rules of
 * kasir-server-store.h (a seq at or below last_seq answers the stored result, a gap
 * answers the seq expected, the next one is applied or rejected with its result stored
 * in the same transaction). Who may make which change is kasir-server-rules.c; this file
 * looks the person up and applies.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "kasir-money.h"
#include "kasir-server-merge.h"
#include "kasir-server-rules.h"
#include "kasir-server-store-sqlite-private.h"

/* ---- Applying mutations ---- */

typedef struct
{
  gint64               terminal_id;
  gint64               outlet_id;
  const KasirMutation *mutation;
  KasirPushResult     *result;
} Apply;

static void
reject (Apply      *a,
        const char *format,
        ...) G_GNUC_PRINTF (2, 3);

static void
reject (Apply      *a,
        const char *format,
        ...)
{
  va_list args;

  va_start (args, format);
  g_free (a->result->reason);
  a->result->reason = g_strdup_vprintf (format, args);
  a->result->status = KASIR_RESULT_REJECTED;
  va_end (args);
}

/* Adds @delta to a product's stock at the outlet, creating the row when missing, and
 * reports the quantity before and after. A level that would leave
 * ±KASIR_PROTOCOL_MAX_STOCK is not written: *in_range says so, and the caller decides
 * what that means for its mutation (a rejection, or a conflict beside a sale). Only a
 * storage failure returns FALSE. */
static gboolean
stock_add (KasirSqliteStore  *self,
           gint64             product_id,
           gint64             outlet_id,
           gint64             delta,
           gint64            *before,
           gint64            *after,
           gboolean          *in_range,
           GError           **error)
{
  gboolean found;
  gint64 qty, new_qty;

  if (!kasir_sqlite_query_int (self, error, &qty, &found,
                  "SELECT qty FROM stock WHERE product_id = ? AND outlet_id = ?", "ii",
                  product_id, outlet_id))
    return FALSE;
  if (before != NULL)
    *before = qty;
  if (after != NULL)
    *after = qty;
  *in_range = kasir_money_add (qty, delta, &new_qty)
              && new_qty >= -KASIR_PROTOCOL_MAX_STOCK && new_qty <= KASIR_PROTOCOL_MAX_STOCK;
  if (!*in_range)
    return TRUE;
  if (found)
    {
      if (!kasir_sqlite_run (self, error, "UPDATE stock SET qty = ? WHERE product_id = ? AND outlet_id = ?",
                "iii", new_qty, product_id, outlet_id))
        return FALSE;
    }
  else if (!kasir_sqlite_run (self, error, "INSERT INTO stock (product_id, outlet_id, qty) VALUES (?, ?, ?)",
                 "iii", product_id, outlet_id, new_qty))
    return FALSE;
  if (after != NULL)
    *after = new_qty;
  return kasir_sqlite_log_stock_change (self, product_id, outlet_id, error);
}

gboolean
kasir_sqlite_set_stock (KasirSqliteStore  *self,
           gint64             product_id,
           gint64             outlet_id,
           gint64             qty,
           GError           **error)
{
  return kasir_sqlite_run (self, error, "INSERT OR REPLACE INTO stock (product_id, outlet_id, qty) VALUES (?, ?, ?)",
              "iii", product_id, outlet_id, qty)
      && kasir_sqlite_log_stock_change (self, product_id, outlet_id, error);
}

/* What the server knows of a staff member; *role_out owns the role text. */
static gboolean
load_actor (KasirSqliteStore  *self,
            gint64             staff_id,
            KasirServerActor  *actor,
            char             **role_out,
            GError           **error)
{
  sqlite3_stmt *stmt = kasir_sqlite_query (self, error, "SELECT outlet_id, role, active FROM staff WHERE id = ?",
                              "i", staff_id);
  int rc;

  memset (actor, 0, sizeof *actor);
  if (stmt == NULL || (rc = kasir_sqlite_step (self, stmt, error)) < 0)
    return FALSE;
  if (rc == SQLITE_ROW)
    {
      actor->found = TRUE;
      actor->outlet_id = sqlite3_column_int64 (stmt, 0);
      *role_out = kasir_sqlite_column_dup (stmt, 1);
      actor->role = *role_out;
      actor->active = sqlite3_column_int64 (stmt, 2) != 0;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* Checks that @staff_id may make this mutation (kasir-server-rules.h). When not, the
 * mutation is rejected with the reason and *allowed is FALSE. Only a storage failure
 * returns FALSE. */
static gboolean
check_actor (KasirSqliteStore  *self,
             Apply             *a,
             gint64             staff_id,
             gboolean          *allowed,
             GError           **error)
{
  KasirServerActor actor;
  g_autofree char *role = NULL;
  g_autofree char *reason = NULL;

  if (!load_actor (self, staff_id, &actor, &role, error))
    return FALSE;
  *allowed = kasir_server_rules_check_actor (&actor, staff_id,
                                             kasir_server_rules_role_for (a->mutation->type),
                                             a->outlet_id, &reason);
  if (!*allowed)
    reject (a, "%s", reason);
  return TRUE;
}

/* The outlet an entity row belongs to; *found FALSE when there is none. */
static gboolean
owner_outlet (KasirSqliteStore  *self,
              const char        *sql,
              const char        *id_text,
              gint64             id,
              gint64            *outlet_id,
              gboolean          *found,
              GError           **error)
{
  return id_text != NULL ? kasir_sqlite_query_int (self, error, outlet_id, found, sql, "t", id_text)
                         : kasir_sqlite_query_int (self, error, outlet_id, found, sql, "i", id);
}

/* A sale is money that already changed hands, so a cashier, customer or shift it names
 * that this outlet does not have cannot refuse it: the sale is recorded without that
 * reference, beside an open unknown_reference conflict that says what was dropped. An
 * unknown shift stays (its shift.open may have been refused); another outlet's does not.
 * Nothing of another outlet is named in the answer or the conflict beyond the ids the
 * till itself sent. */
static gboolean
drop_foreign_references (KasirSqliteStore  *self,
                         Apply             *a,
                         KasirSale         *sale,
                         GError           **error)
{
  g_autoptr(JsonNode) t = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) srv = json_node_new (JSON_NODE_OBJECT);
  JsonObject *tobj = json_object_new (), *sobj = json_object_new ();
  JsonArray *dropped = json_array_new ();
  gint64 outlet = 0;
  gboolean found = FALSE;

  json_node_take_object (t, tobj);
  json_node_take_object (srv, sobj);
  json_object_set_array_member (sobj, "dropped", dropped);

  if (sale->staff_id != 0)
    {
      KasirServerActor actor;
      g_autofree char *role = NULL;

      if (!load_actor (self, sale->staff_id, &actor, &role, error))
        return FALSE;
      if (!actor.found || actor.outlet_id != a->outlet_id || !actor.active)
        {
          json_object_set_int_member (tobj, "staff_id", sale->staff_id);
          json_array_add_string_element (dropped, "staff_id");
          sale->staff_id = 0;
        }
    }
  if (sale->customer_id != 0)
    {
      if (!owner_outlet (self, "SELECT outlet_id FROM customers WHERE id = ?", NULL,
                         sale->customer_id, &outlet, &found, error))
        return FALSE;
      if (!found || outlet != a->outlet_id)
        {
          json_object_set_int_member (tobj, "customer_id", sale->customer_id);
          json_array_add_string_element (dropped, "customer_id");
          /* No points move: the customer is not this outlet's. */
          sale->customer_id = 0;
        }
    }
  if (sale->shift_id != NULL)
    {
      if (!owner_outlet (self, "SELECT outlet_id FROM shifts WHERE id = ?", sale->shift_id, 0,
                         &outlet, &found, error))
        return FALSE;
      if (found && outlet != a->outlet_id)
        {
          json_object_set_string_member (tobj, "shift_id", sale->shift_id);
          json_array_add_string_element (dropped, "shift_id");
          g_clear_pointer (&sale->shift_id, g_free);
        }
    }
  if (json_array_get_length (dropped) == 0)
    return TRUE;
  return kasir_sqlite_add_conflict (self, a->outlet_id, KASIR_CONFLICT_UNKNOWN_REFERENCE, KASIR_CONFLICT_OPEN,
                       "sale", sale->sale_id, NULL, kasir_sqlite_with_sale (t, sale), srv, a->terminal_id,
                       a->mutation->seq, a->result, error);
}

/* Finds or makes the shift a sale moves to when its own shift was closed on the server:
 * one continuation shift per closed shift, opened at the sale's time. */
static gboolean
continuation_shift (KasirSqliteStore  *self,
                    const char        *closed_shift,
                    Apply             *a,
                    const KasirSale   *sale,
                    char             **out_id,
                    GError           **error)
{
  sqlite3_stmt *stmt = kasir_sqlite_query (self, error,
                              "SELECT id FROM shifts WHERE continues_shift = ? AND closed_at IS NULL",
                              "t", closed_shift);
  g_autofree char *id = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = kasir_sqlite_step (self, stmt, error);
  if (rc < 0)
    return FALSE;
  if (rc == SQLITE_ROW)
    id = kasir_sqlite_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (id == NULL)
    {
      gint64 staff_id = sale->staff_id;

      /* A sale without a cashier stays with the cashier of the closed shift. */
      if (staff_id == 0
          && !kasir_sqlite_query_int (self, error, &staff_id, NULL, "SELECT staff_id FROM shifts WHERE id = ?", "t",
                         closed_shift))
        return FALSE;
      id = kasir_uuid_new ();
      if (!kasir_sqlite_run (self, error,
                "INSERT INTO shifts (id, outlet_id, terminal_id, staff_id, opened_at, continues_shift) "
                "VALUES (?, ?, ?, ?, ?, ?)", "tiiitt", id, a->outlet_id, a->terminal_id,
                staff_id, sale->created_at, closed_shift)
          || !kasir_sqlite_log_change (self, "shift", id, a->outlet_id, FALSE, error))
        return FALSE;
    }
  *out_id = g_steal_pointer (&id);
  return TRUE;
}

static gboolean
apply_sale_create (KasirSqliteStore  *self,
                   Apply             *a,
                   GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirSale) sale = kasir_protocol_decode_sale (a->mutation->payload, &local_error);
  g_autofree char *shift_id = NULL;
  gboolean found;
  gint64 dummy;

  if (sale == NULL)
    {
      reject (a, "invalid sale: %s", local_error->message);
      return TRUE;
    }

  /* The unique sale id is the second line of defence against a sale applied twice. */
  if (!kasir_sqlite_query_int (self, error, &dummy, &found, "SELECT 1 FROM sales WHERE id = ?", "t", sale->sale_id))
    return FALSE;
  if (found)
    {
      g_free (a->result->reason);
      a->result->reason = g_strdup ("duplicate sale id; already recorded");
      return TRUE;
    }
  if (!drop_foreign_references (self, a, sale, error))
    return FALSE;

  shift_id = g_strdup (sale->shift_id);
  if (shift_id != NULL)
    {
      sqlite3_stmt *stmt = kasir_sqlite_query (self, error, "SELECT closed_at IS NOT NULL FROM shifts WHERE id = ?",
                                  "t", shift_id);
      gboolean closed = FALSE;
      int rc;

      if (stmt == NULL || (rc = kasir_sqlite_step (self, stmt, error)) < 0)
        return FALSE;
      if (rc == SQLITE_ROW)
        closed = sqlite3_column_int64 (stmt, 0) != 0;
      sqlite3_reset (stmt);
      if (closed)
        {
          g_autofree char *moved = NULL;
          JsonObject *t = json_object_new (), *s = json_object_new ();
          g_autoptr(JsonNode) tn = json_node_new (JSON_NODE_OBJECT);
          g_autoptr(JsonNode) sn = json_node_new (JSON_NODE_OBJECT);

          if (!continuation_shift (self, shift_id, a, sale, &moved, error))
            return FALSE;
          json_object_set_string_member (t, "shift_id", shift_id);
          json_object_set_string_member (t, "sale_id", sale->sale_id);
          json_object_set_string_member (t, "receipt_no", sale->receipt_no);
          json_object_set_string_member (s, "shift_id", moved);
          json_object_set_string_member (s, "closed_shift_id", shift_id);
          json_node_take_object (tn, t);
          json_node_take_object (sn, s);
          if (!kasir_sqlite_add_conflict (self, a->outlet_id, KASIR_CONFLICT_SHIFT_CLOSED,
                             KASIR_CONFLICT_RESOLVED_BY_RULE, "sale", sale->sale_id,
                             NULL, tn, sn, a->terminal_id, a->mutation->seq, a->result, error))
            return FALSE;
          g_free (shift_id);
          shift_id = g_steal_pointer (&moved);
        }
    }

  if (sale->customer_id != 0 && sale->loyalty_redeemed > 0)
    {
      gint64 cust_outlet = 0;
      g_autoptr(KasirCustomer) c = kasir_sqlite_load_customer (self, sale->customer_id, &cust_outlet, error);
      gint64 left;

      if (c == NULL && error != NULL && *error != NULL)
        return FALSE;
      if (c != NULL)
        {
          gint64 shortfall = sale->loyalty_redeemed > c->loyalty_points
                             ? sale->loyalty_redeemed - c->loyalty_points : 0;

          left = c->loyalty_points - (sale->loyalty_redeemed - shortfall);
          if (shortfall > 0)
            {
              g_autoptr(JsonNode) b = kasir_sqlite_int_object ("loyalty_points", c->loyalty_points, NULL, 0);
              g_autoptr(JsonNode) t = kasir_sqlite_int_object ("loyalty_redeemed", sale->loyalty_redeemed, NULL, 0);
              g_autoptr(JsonNode) s = kasir_sqlite_int_object ("loyalty_points", left, "shortfall", shortfall);
              char idbuf[32];

              g_snprintf (idbuf, sizeof idbuf, "%" G_GINT64_FORMAT, c->id);
              if (!kasir_sqlite_add_conflict (self, a->outlet_id, KASIR_CONFLICT_LOYALTY_OVERSPENT,
                                 KASIR_CONFLICT_OPEN, "customer", idbuf, b, kasir_sqlite_with_sale (t, sale), s,
                                 a->terminal_id, a->mutation->seq, a->result, error))
                return FALSE;
            }
          /* The points were tendered as money that already changed hands: the sale stands,
           * the balance stops at zero, and the conflict records the shortfall for the
           * manager (the wire never carries a negative balance). */
          if (!kasir_sqlite_run (self, error, "UPDATE customers SET loyalty_points = ?, version = version + 1 "
                    "WHERE id = ?", "ii", left, c->id)
              || !kasir_sqlite_log_change_int (self, "customer", c->id, cust_outlet, FALSE, error))
            return FALSE;
        }
    }

  if (!kasir_sqlite_run (self, error,
            "INSERT INTO sales (id, receipt_no, terminal_id, outlet_id, seq, shift_id, staff_id,"
            " customer_id, currency, tax_inclusive, subtotal, discount, fee, tax, total, change,"
            " loyalty_redeemed, created_at, received_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            "ttiiitnntiiiiiiiiti", sale->sale_id, sale->receipt_no, a->terminal_id,
            a->outlet_id, a->mutation->seq, shift_id, sale->staff_id, sale->customer_id,
            sale->currency, (gint64) sale->tax_inclusive, sale->subtotal, sale->discount,
            sale->fee, sale->tax, sale->total, sale->change, sale->loyalty_redeemed,
            sale->created_at, kasir_sqlite_now_unix ()))
    return FALSE;

  for (guint i = 0; i < sale->payments->len; i++)
    {
      const KasirPayment *p = g_ptr_array_index (sale->payments, i);
      if (!kasir_sqlite_run (self, error, "INSERT INTO sale_payments (sale_id, idx, method, amount, reference) "
                "VALUES (?, ?, ?, ?, ?)", "titit", sale->sale_id, (gint64) i,
                kasir_payment_method_to_string (p->method), p->amount, p->reference))
        return FALSE;
    }

  for (guint i = 0; i < sale->lines->len; i++)
    {
      const KasirSaleLine *l = g_ptr_array_index (sale->lines, i);
      g_autoptr(KasirProduct) product = NULL;
      sqlite3_stmt *stmt;
      char idbuf[32];
      gint64 before, after, price = 0, price_version = 0;
      gboolean known, archived = FALSE, in_range;
      int rc;

      if (!kasir_sqlite_run (self, error,
                "INSERT INTO sale_lines (sale_id, line_no, product_id, sku, name, qty, unit_price,"
                " price_version, tax_rate_bp, discount, tax, total) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "tiittiiiiiii",
                sale->sale_id, (gint64) i, l->product_id, l->sku, l->name, l->qty,
                l->unit_price, l->price_version, (gint64) l->tax_rate_bp, l->discount,
                l->tax, l->total))
        return FALSE;

      /* Only the few columns the checks need: this runs for every line of every sale. */
      stmt = kasir_sqlite_query (self, error, "SELECT price, price_version, archived FROM products WHERE id = ?", "i",
                    l->product_id);
      if (stmt == NULL || (rc = kasir_sqlite_step (self, stmt, error)) < 0)
        return FALSE;
      known = rc == SQLITE_ROW;
      if (known)
        {
          price = sqlite3_column_int64 (stmt, 0);
          price_version = sqlite3_column_int64 (stmt, 1);
          archived = sqlite3_column_int64 (stmt, 2) != 0;
        }
      sqlite3_reset (stmt);
      g_snprintf (idbuf, sizeof idbuf, "%" G_GINT64_FORMAT, l->product_id);

      if (!known || archived)
        {
          g_autoptr(JsonNode) t = kasir_sqlite_int_object ("qty", l->qty, "unit_price", l->unit_price);
          g_autoptr(JsonNode) s = NULL;

          if (known)
            {
              product = kasir_sqlite_load_product (self, l->product_id, error);
              if (product == NULL)
                return FALSE;
              s = kasir_protocol_encode_product (product);
            }
          if (!kasir_sqlite_add_conflict (self, a->outlet_id, KASIR_CONFLICT_PRODUCT_ARCHIVED,
                             KASIR_CONFLICT_OPEN, "product", idbuf, NULL, kasir_sqlite_with_sale (t, sale), s,
                             a->terminal_id, a->mutation->seq, a->result, error))
            return FALSE;
        }
      else if (l->price_version != price_version)
        {
          gint64 base_price;
          gboolean have_base;
          g_autoptr(JsonNode) b = NULL;
          g_autoptr(JsonNode) t = kasir_sqlite_int_object ("price", l->unit_price, "price_version", l->price_version);
          g_autoptr(JsonNode) s = kasir_sqlite_int_object ("price", price, "price_version", price_version);

          if (!kasir_sqlite_query_int (self, error, &base_price, &have_base,
                          "SELECT price FROM product_prices WHERE product_id = ? AND price_version = ?",
                          "ii", l->product_id, l->price_version))
            return FALSE;
          if (have_base)
            b = kasir_sqlite_int_object ("price", base_price, "price_version", l->price_version);
          /* The customer paid the price on the shelf: the sale keeps its historical
           * price, so this is settled by rule and only stays on record. */
          if (!kasir_sqlite_add_conflict (self, a->outlet_id, KASIR_CONFLICT_PRICE_CHANGED,
                             KASIR_CONFLICT_RESOLVED_BY_RULE, "product", idbuf, b, kasir_sqlite_with_sale (t, sale), s,
                             a->terminal_id, a->mutation->seq, a->result, error))
            return FALSE;
        }

      /* A product the server does not know has no stock to take from. */
      if (!known)
        continue;
      if (!stock_add (self, l->product_id, a->outlet_id, -l->qty, &before, &after, &in_range, error))
        return FALSE;
      /* A level the protocol cannot carry is left as it was: the sale stands, and the
       * shortage conflict below (after stays negative) asks a manager to count. */
      if (after < 0 || !in_range)
        {
          char stockid[64];
          g_autoptr(JsonNode) b = kasir_sqlite_int_object ("product_id", l->product_id, "qty", before);
          g_autoptr(JsonNode) t = kasir_sqlite_int_object ("product_id", l->product_id, "qty_sold", l->qty);
          g_autoptr(JsonNode) s = kasir_sqlite_int_object ("product_id", l->product_id, "qty", after);

          g_snprintf (stockid, sizeof stockid, "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                      l->product_id, a->outlet_id);
          if (!kasir_sqlite_add_conflict (self, a->outlet_id, KASIR_CONFLICT_STOCK_SHORTAGE,
                             KASIR_CONFLICT_OPEN, "stock", stockid, b, kasir_sqlite_with_sale (t, sale), s,
                             a->terminal_id, a->mutation->seq, a->result, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
apply_sale_refund (KasirSqliteStore  *self,
                   Apply             *a,
                   GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirRefund) refund = kasir_protocol_decode_refund (a->mutation->payload, &local_error);
  sqlite3_stmt *stmt;
  gint64 sale_total, sale_outlet, refunded, dummy;
  gboolean found, allowed, in_range;
  int rc;

  if (refund == NULL)
    {
      reject (a, "invalid refund: %s", local_error->message);
      return TRUE;
    }
  if (!check_actor (self, a, refund->staff_id, &allowed, error))
    return FALSE;
  if (!allowed)
    return TRUE;
  if (!kasir_sqlite_query_int (self, error, &dummy, &found, "SELECT 1 FROM refunds WHERE id = ?", "t",
                  refund->refund_id))
    return FALSE;
  if (found)
    return TRUE;

  stmt = kasir_sqlite_query (self, error, "SELECT total, outlet_id FROM sales WHERE id = ?", "t", refund->sale_id);
  if (stmt == NULL || (rc = kasir_sqlite_step (self, stmt, error)) < 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    {
      reject (a, "unknown_sale: no sale %s", refund->sale_id);
      return TRUE;
    }
  sale_total = sqlite3_column_int64 (stmt, 0);
  sale_outlet = sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);
  if (sale_outlet != a->outlet_id)
    {
      reject (a, "unknown_sale: no sale %s", refund->sale_id);
      return TRUE;
    }
  if (!kasir_sqlite_query_int (self, error, &refunded, NULL,
                  "SELECT COALESCE(SUM(total), 0) FROM refunds WHERE sale_id = ?", "t", refund->sale_id))
    return FALSE;
  if (refunded + refund->total > sale_total)
    {
      reject (a, "exceeds_sale: refunds would total %" G_GINT64_FORMAT " of a sale of %" G_GINT64_FORMAT,
              refunded + refund->total, sale_total);
      return TRUE;
    }
  for (guint i = 0; i < refund->lines->len; i++)
    {
      const KasirRefundLine *l = g_ptr_array_index (refund->lines, i);
      gint64 sold, back;

      if (!kasir_sqlite_query_int (self, error, &sold, NULL,
                      "SELECT COALESCE(SUM(qty), 0) FROM sale_lines WHERE sale_id = ? AND product_id = ?",
                      "ti", refund->sale_id, l->product_id)
          || !kasir_sqlite_query_int (self, error, &back, NULL,
                         "SELECT COALESCE(SUM(rl.qty), 0) FROM refund_lines rl JOIN refunds r "
                         "ON r.id = rl.refund_id WHERE r.sale_id = ? AND rl.product_id = ?",
                         "ti", refund->sale_id, l->product_id))
        return FALSE;
      if (back + l->qty > sold)
        {
          reject (a, "exceeds_sale: product %" G_GINT64_FORMAT " sold %" G_GINT64_FORMAT
                  ", refunding %" G_GINT64_FORMAT " more than that", l->product_id, sold,
                  back + l->qty - sold);
          return TRUE;
        }
    }

  if (!kasir_sqlite_run (self, error, "INSERT INTO refunds (id, sale_id, terminal_id, outlet_id, seq, reason, total,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "ttiiitit", refund->refund_id,
            refund->sale_id, a->terminal_id, a->outlet_id, a->mutation->seq, refund->reason,
            refund->total, refund->created_at))
    return FALSE;
  for (guint i = 0; i < refund->lines->len; i++)
    {
      const KasirRefundLine *l = g_ptr_array_index (refund->lines, i);
      if (!kasir_sqlite_run (self, error, "INSERT INTO refund_lines (refund_id, line_no, product_id, qty, amount) "
                "VALUES (?, ?, ?, ?, ?)", "tiiii", refund->refund_id, (gint64) i, l->product_id,
                l->qty, l->amount)
          || !stock_add (self, l->product_id, a->outlet_id, l->qty, NULL, NULL, &in_range, error))
        return FALSE;
      if (!in_range)
        {
          reject (a, "out_of_range: the stock of product %" G_GINT64_FORMAT
                  " would leave the range the protocol allows", l->product_id);
          return TRUE;
        }
    }
  for (guint i = 0; i < refund->payments->len; i++)
    {
      const KasirPayment *p = g_ptr_array_index (refund->payments, i);
      if (!kasir_sqlite_run (self, error, "INSERT INTO refund_payments (refund_id, idx, method, amount) "
                "VALUES (?, ?, ?, ?)", "titi", refund->refund_id, (gint64) i,
                kasir_payment_method_to_string (p->method), p->amount))
        return FALSE;
    }
  return TRUE;
}

static gboolean
apply_shift_open (KasirSqliteStore  *self,
                  Apply             *a,
                  GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirShiftEvent) ev = kasir_protocol_decode_shift_open (a->mutation->payload, &local_error);
  gint64 outlet;
  gboolean found, allowed;

  if (ev == NULL)
    {
      reject (a, "invalid shift.open: %s", local_error->message);
      return TRUE;
    }
  if (!check_actor (self, a, ev->staff_id, &allowed, error))
    return FALSE;
  if (!allowed)
    return TRUE;
  if (!kasir_sqlite_query_int (self, error, &outlet, &found, "SELECT outlet_id FROM shifts WHERE id = ?", "t",
                  ev->shift_id))
    return FALSE;
  if (found)
    {
      if (outlet != a->outlet_id)
        reject (a, "invalid shift.open: shift id %s is already in use", ev->shift_id);
      return TRUE;
    }
  return kasir_sqlite_run (self, error, "INSERT INTO shifts (id, outlet_id, terminal_id, staff_id, opened_at,"
              " opening_float) VALUES (?, ?, ?, ?, ?, ?)", "tiiiti", ev->shift_id, a->outlet_id,
              a->terminal_id, ev->staff_id, ev->at, ev->opening_float)
      && kasir_sqlite_log_change (self, "shift", ev->shift_id, a->outlet_id, FALSE, error);
}

static JsonNode *
payments_node (GPtrArray *payments)
{
  JsonArray *arr = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; payments != NULL && i < payments->len; i++)
    {
      const KasirPayment *p = g_ptr_array_index (payments, i);
      JsonObject *o = json_object_new ();
      json_object_set_string_member (o, "method", kasir_payment_method_to_string (p->method));
      json_object_set_int_member (o, "amount", p->amount);
      json_array_add_object_element (arr, o);
    }
  json_node_take_array (node, arr);
  return node;
}

static gboolean
apply_shift_close (KasirSqliteStore  *self,
                   Apply             *a,
                   GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirShiftEvent) ev = kasir_protocol_decode_shift_close (a->mutation->payload, &local_error);
  g_autoptr(JsonNode) counted = NULL;
  g_autoptr(JsonNode) expected = NULL;
  g_autofree char *counted_text = NULL;
  g_autofree char *expected_text = NULL;
  sqlite3_stmt *stmt;
  gint64 outlet, cash = 0;
  gboolean closed, allowed;
  int rc;

  if (ev == NULL)
    {
      reject (a, "invalid shift.close: %s", local_error->message);
      return TRUE;
    }
  if (!check_actor (self, a, ev->staff_id, &allowed, error))
    return FALSE;
  if (!allowed)
    return TRUE;
  stmt = kasir_sqlite_query (self, error, "SELECT outlet_id, closed_at IS NOT NULL FROM shifts WHERE id = ?", "t",
                ev->shift_id);
  if (stmt == NULL || (rc = kasir_sqlite_step (self, stmt, error)) < 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    {
      reject (a, "unknown_shift: no shift %s", ev->shift_id);
      return TRUE;
    }
  outlet = sqlite3_column_int64 (stmt, 0);
  closed = sqlite3_column_int64 (stmt, 1) != 0;
  sqlite3_reset (stmt);
  if (outlet != a->outlet_id)
    {
      reject (a, "unknown_shift: no shift %s", ev->shift_id);
      return TRUE;
    }
  if (closed)
    {
      /* Closing twice changes nothing; the first close stands. */
      a->result->reason = g_strdup ("already closed");
      return TRUE;
    }
  for (guint i = 0; ev->counted != NULL && i < ev->counted->len; i++)
    {
      const KasirPayment *p = g_ptr_array_index (ev->counted, i);
      if (p->method == KASIR_PAYMENT_CASH)
        cash += p->amount;
    }
  counted = payments_node (ev->counted);
  expected = payments_node (ev->expected);
  counted_text = kasir_sqlite_node_to_text (counted);
  expected_text = kasir_sqlite_node_to_text (expected);
  return kasir_sqlite_run (self, error, "UPDATE shifts SET closed_at = ?, counted_cash = ?, counted = ?, expected = ? "
              "WHERE id = ?", "tittt", ev->at, cash, counted_text, expected_text, ev->shift_id)
      && kasir_sqlite_log_change (self, "shift", ev->shift_id, a->outlet_id, FALSE, error);
}

static gboolean
apply_stock_adjust (KasirSqliteStore  *self,
                    Apply             *a,
                    GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirStockAdjust) adj = kasir_protocol_decode_stock_adjust (a->mutation->payload, &local_error);
  g_autoptr(KasirProduct) product = NULL;
  gint64 before, after;
  gboolean allowed, in_range;
  g_autofree char *detail = NULL;

  if (adj == NULL)
    {
      reject (a, "invalid stock.adjust: %s", local_error->message);
      return TRUE;
    }
  if (!check_actor (self, a, adj->staff_id, &allowed, error))
    return FALSE;
  if (!allowed)
    return TRUE;
  product = kasir_sqlite_load_product (self, adj->product_id, error);
  if (product == NULL)
    {
      if (error != NULL && *error != NULL)
        return FALSE;
      reject (a, "unknown_product: no product %" G_GINT64_FORMAT, adj->product_id);
      return TRUE;
    }
  if (!stock_add (self, adj->product_id, a->outlet_id, adj->delta, &before, &after, &in_range, error))
    return FALSE;
  if (!in_range)
    {
      reject (a, "out_of_range: stock %" G_GINT64_FORMAT " %+" G_GINT64_FORMAT
              " would leave the range the protocol allows", before, adj->delta);
      return TRUE;
    }
  detail = g_strdup_printf ("product %" G_GINT64_FORMAT " outlet %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                            " -> %" G_GINT64_FORMAT " by staff %" G_GINT64_FORMAT " (%s)",
                            adj->product_id, a->outlet_id, before, after, adj->staff_id,
                            adj->reason ? adj->reason : "");
  return kasir_sqlite_audit (self, "terminal", "stock.adjust", detail, error);
}

static JsonNode *
object_node (JsonObject *obj)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, obj);
  return node;
}

static const char *
member_string (JsonObject *obj,
               const char *name)
{
  JsonNode *n = json_object_get_member (obj, name);

  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return NULL;
  return json_node_get_string (n);
}

static gboolean
apply_product_update (KasirSqliteStore  *self,
                      Apply             *a,
                      GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirEdit) edit = kasir_protocol_decode_product_update (a->mutation->payload, &local_error);
  g_autoptr(KasirProduct) product = NULL;
  g_autoptr(JsonNode) current = NULL;
  g_autoptr(JsonNode) base = NULL;
  g_autoptr(JsonObject) apply = json_object_new ();
  g_autoptr(JsonObject) cb = json_object_new ();
  g_autoptr(JsonObject) ct = json_object_new ();
  g_autoptr(JsonObject) cs = json_object_new ();
  g_autoptr(JsonNode) updated = NULL;
  gboolean price_changed = FALSE, allowed;
  JsonNode *n;

  if (edit == NULL)
    {
      reject (a, "invalid product.update: %s", local_error->message);
      return TRUE;
    }
  if (!check_actor (self, a, edit->staff_id, &allowed, error))
    return FALSE;
  if (!allowed)
    return TRUE;
  product = kasir_sqlite_load_product (self, edit->entity_id, error);
  if (product == NULL)
    {
      if (error != NULL && *error != NULL)
        return FALSE;
      reject (a, "unknown_product: no product %" G_GINT64_FORMAT, edit->entity_id);
      return TRUE;
    }
  current = kasir_protocol_encode_product (product);
  /* Editing the current version: the current values are the base. */
  if (edit->base_version == product->version)
    base = json_node_copy (current);
  else
    {
      base = kasir_sqlite_load_history (self, "product", product->id, edit->base_version, error);
      if (base == NULL && error != NULL && *error != NULL)
        return FALSE;
    }
  kasir_server_three_way (json_node_get_object (edit->fields), json_node_get_object (current),
                          base ? json_node_get_object (base) : NULL, apply, cb, ct, cs);

  if ((n = json_object_get_member (apply, "name")) != NULL)
    {
      const char *v = JSON_NODE_HOLDS_NULL (n) ? NULL : json_node_get_string (n);
      if (v == NULL || *v == '\0')
        {
          reject (a, "invalid product.update: name must not be empty");
          return TRUE;
        }
      g_free (product->name);
      product->name = g_strdup (v);
    }
  if ((n = json_object_get_member (apply, "sku")) != NULL)
    {
      const char *v = JSON_NODE_HOLDS_NULL (n) ? NULL : json_node_get_string (n);
      if (v == NULL || *v == '\0')
        {
          reject (a, "invalid product.update: sku must not be empty");
          return TRUE;
        }
      g_free (product->sku);
      product->sku = g_strdup (v);
    }
  if ((n = json_object_get_member (apply, "barcode")) != NULL)
    {
      g_free (product->barcode);
      product->barcode = g_strdup (JSON_NODE_HOLDS_NULL (n) ? NULL : json_node_get_string (n));
    }
  if ((n = json_object_get_member (apply, "price")) != NULL)
    {
      gint64 v = json_node_get_int (n);
      if (v < 0)
        {
          reject (a, "invalid product.update: negative price");
          return TRUE;
        }
      price_changed = v != product->price;
      product->price = v;
    }
  if ((n = json_object_get_member (apply, "tax_rate_bp")) != NULL)
    {
      gint64 v = json_node_get_int (n);
      if (v < 0 || v > 10000)
        {
          reject (a, "invalid product.update: tax_rate_bp outside 0..10000");
          return TRUE;
        }
      product->tax_rate_bp = (guint) v;
    }
  if ((n = json_object_get_member (apply, "category_id")) != NULL)
    {
      gint64 category_id = JSON_NODE_HOLDS_NULL (n) ? 0 : json_node_get_int (n);
      gboolean known = TRUE;
      gint64 dummy;

      if (category_id != 0
          && !kasir_sqlite_query_int (self, error, &dummy, &known, "SELECT 1 FROM categories WHERE id = ?", "i",
                         category_id))
        return FALSE;
      if (!known)
        {
          reject (a, "unknown_category: no category %" G_GINT64_FORMAT, category_id);
          return TRUE;
        }
      product->category_id = category_id;
    }
  if ((n = json_object_get_member (apply, "archived")) != NULL)
    {
      product->archived = json_node_get_boolean (n);
    }

  if (json_object_get_size (apply) > 0)
    {
      g_autoptr(GError) constraint_error = NULL;

      product->version++;
      if (price_changed)
        product->price_version++;
      if (!kasir_sqlite_run (self, &constraint_error,
                "UPDATE products SET sku = ?, barcode = ?, name = ?, price = ?, price_version = ?,"
                " tax_rate_bp = ?, category_id = ?, archived = ?, version = ? WHERE id = ?",
                "tttiiiiiii", product->sku, product->barcode, product->name, product->price,
                product->price_version, (gint64) product->tax_rate_bp, product->category_id,
                (gint64) product->archived, product->version, product->id))
        {
          if (g_error_matches (constraint_error, KASIR_SERVER_STORE_ERROR,
                               KASIR_SERVER_STORE_ERROR_INVALID))
            {
              reject (a, "invalid product.update: sku or barcode already used");
              return TRUE;
            }
          g_propagate_error (error, g_steal_pointer (&constraint_error));
          return FALSE;
        }
      updated = kasir_protocol_encode_product (product);
      if ((price_changed
           && !kasir_sqlite_run (self, error, "INSERT OR REPLACE INTO product_prices (product_id, price_version, price) "
                    "VALUES (?, ?, ?)", "iii", product->id, product->price_version, product->price))
          || !kasir_sqlite_save_history (self, "product", product->id, product->version, updated, error)
          || !kasir_sqlite_log_change_int (self, "product", product->id, 0, product->archived, error))
        return FALSE;
    }

  if (json_object_get_size (ct) > 0)
    {
      char idbuf[32];
      g_autoptr(JsonNode) bn = object_node (cb);
      g_autoptr(JsonNode) tn = object_node (ct);
      g_autoptr(JsonNode) sn = object_node (cs);

      g_snprintf (idbuf, sizeof idbuf, "%" G_GINT64_FORMAT, product->id);
      if (!kasir_sqlite_add_conflict (self, a->outlet_id, KASIR_CONFLICT_CONCURRENT_EDIT, KASIR_CONFLICT_OPEN,
                         "product", idbuf, bn, tn, sn, a->terminal_id, a->mutation->seq,
                         a->result, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
apply_customer_upsert (KasirSqliteStore  *self,
                       Apply             *a,
                       GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirEdit) edit = kasir_protocol_decode_customer_upsert (a->mutation->payload, &local_error);
  g_autoptr(KasirCustomer) c = NULL;
  g_autoptr(JsonNode) current = NULL;
  g_autoptr(JsonNode) base = NULL;
  g_autoptr(JsonNode) updated = NULL;
  g_autoptr(JsonObject) apply = json_object_new ();
  g_autoptr(JsonObject) cb = json_object_new ();
  g_autoptr(JsonObject) ct = json_object_new ();
  g_autoptr(JsonObject) cs = json_object_new ();
  JsonObject *fields;
  gint64 cust_outlet = 0;
  gboolean allowed;

  if (edit == NULL)
    {
      reject (a, "invalid customer.upsert: %s", local_error->message);
      return TRUE;
    }
  if (!check_actor (self, a, edit->staff_id, &allowed, error))
    return FALSE;
  if (!allowed)
    return TRUE;
  fields = json_node_get_object (edit->fields);

  if (edit->entity_id == 0)
    {
      gint64 existing;
      gboolean found;
      const char *name = member_string (fields, "name");

      if (edit->client_id != NULL)
        {
          if (!kasir_sqlite_query_int (self, error, &existing, &found,
                          "SELECT outlet_id FROM customers WHERE client_id = ?", "t", edit->client_id))
            return FALSE;
          if (found && existing != a->outlet_id)
            {
              reject (a, "unknown_customer: client_id %s is not this outlet's", edit->client_id);
              return TRUE;
            }
          if (found)
            return TRUE; /* the same new customer pushed again */
        }
      if (name == NULL || *name == '\0')
        {
          reject (a, "invalid customer.upsert: a new customer needs a name");
          return TRUE;
        }
      c = kasir_customer_new ();
      c->name = g_strdup (name);
      c->phone = g_strdup (member_string (fields, "phone"));
      c->email = g_strdup (member_string (fields, "email"));
      c->version = 1;
      if (!kasir_sqlite_run (self, error, "INSERT INTO customers (outlet_id, client_id, name, phone, email) "
                "VALUES (?, ?, ?, ?, ?)", "itttt", a->outlet_id, edit->client_id, c->name,
                c->phone, c->email))
        return FALSE;
      c->id = sqlite3_last_insert_rowid (self->db);
      updated = kasir_protocol_encode_customer (c);
      return kasir_sqlite_save_history (self, "customer", c->id, 1, updated, error)
          && kasir_sqlite_log_change_int (self, "customer", c->id, a->outlet_id, FALSE, error);
    }

  c = kasir_sqlite_load_customer (self, edit->entity_id, &cust_outlet, error);
  if (c == NULL)
    {
      if (error != NULL && *error != NULL)
        return FALSE;
      reject (a, "unknown_customer: no customer %" G_GINT64_FORMAT, edit->entity_id);
      return TRUE;
    }
  if (cust_outlet != a->outlet_id)
    {
      reject (a, "unknown_customer: no customer %" G_GINT64_FORMAT, c->id);
      return TRUE;
    }
  current = kasir_protocol_encode_customer (c);
  if (edit->base_version == c->version)
    base = json_node_copy (current);
  else
    {
      base = kasir_sqlite_load_history (self, "customer", c->id, edit->base_version, error);
      if (base == NULL && error != NULL && *error != NULL)
        return FALSE;
    }
  /* Loyalty points move only with sales; an edit may not set them. */
  json_object_remove_member (fields, "loyalty_points");
  kasir_server_three_way (fields, json_node_get_object (current),
                          base ? json_node_get_object (base) : NULL, apply, cb, ct, cs);
  if (json_object_has_member (apply, "name"))
    {
      const char *v = member_string (apply, "name");
      if (v == NULL || *v == '\0')
        {
          reject (a, "invalid customer.upsert: name must not be empty");
          return TRUE;
        }
      g_free (c->name);
      c->name = g_strdup (v);
    }
  if (json_object_has_member (apply, "phone"))
    {
      g_free (c->phone);
      c->phone = g_strdup (member_string (apply, "phone"));
    }
  if (json_object_has_member (apply, "email"))
    {
      g_free (c->email);
      c->email = g_strdup (member_string (apply, "email"));
    }
  if (json_object_get_size (apply) > 0)
    {
      c->version++;
      updated = kasir_protocol_encode_customer (c);
      if (!kasir_sqlite_run (self, error, "UPDATE customers SET name = ?, phone = ?, email = ?, version = ? WHERE id = ?",
                "tttii", c->name, c->phone, c->email, c->version, c->id)
          || !kasir_sqlite_save_history (self, "customer", c->id, c->version, updated, error)
          || !kasir_sqlite_log_change_int (self, "customer", c->id, cust_outlet, FALSE, error))
        return FALSE;
    }
  if (json_object_get_size (ct) > 0)
    {
      char idbuf[32];
      g_autoptr(JsonNode) bn = object_node (cb);
      g_autoptr(JsonNode) tn = object_node (ct);
      g_autoptr(JsonNode) sn = object_node (cs);

      g_snprintf (idbuf, sizeof idbuf, "%" G_GINT64_FORMAT, c->id);
      if (!kasir_sqlite_add_conflict (self, a->outlet_id, KASIR_CONFLICT_CONCURRENT_EDIT, KASIR_CONFLICT_OPEN,
                         "customer", idbuf, bn, tn, sn, a->terminal_id, a->mutation->seq,
                         a->result, error))
        return FALSE;
    }
  return TRUE;
}

/* conflict.resolve: the first resolution to arrive wins. A later one for a conflict that
 * is no longer open is REJECTED with reason "already_resolved" and the conflict's id in
 * conflict_ids; the winning resolution reaches that terminal through pull. A resolution
 * whose expected_version is not the conflict's version is rejected "version_mismatch". */
static gboolean
apply_conflict_resolve (KasirSqliteStore  *self,
                        Apply             *a,
                        GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirConflictResolve) r = kasir_protocol_decode_conflict_resolve (a->mutation->payload,
                                                                              &local_error);
  g_autofree char *status = NULL;
  g_autofree char *entity = NULL;
  g_autofree char *entity_id = NULL;
  g_autofree char *resolution_text = NULL;
  g_autofree char *now = kasir_now_rfc3339 ();
  JsonObject *res;
  g_autoptr(JsonNode) res_node = json_node_new (JSON_NODE_OBJECT);
  sqlite3_stmt *stmt;
  gint64 outlet, version;
  gboolean allowed;
  int rc;

  if (r == NULL)
    {
      reject (a, "invalid conflict.resolve: %s", local_error->message);
      return TRUE;
    }
  if (!check_actor (self, a, r->staff_id, &allowed, error))
    return FALSE;
  if (!allowed)
    return TRUE;
  stmt = kasir_sqlite_query (self, error, "SELECT outlet_id, status, version, entity, entity_id FROM conflicts WHERE id = ?",
                "i", r->conflict_id);
  if (stmt == NULL || (rc = kasir_sqlite_step (self, stmt, error)) < 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    {
      reject (a, "unknown_conflict: no conflict %" G_GINT64_FORMAT, r->conflict_id);
      return TRUE;
    }
  outlet = sqlite3_column_int64 (stmt, 0);
  status = kasir_sqlite_column_dup (stmt, 1);
  version = sqlite3_column_int64 (stmt, 2);
  entity = kasir_sqlite_column_dup (stmt, 3);
  entity_id = kasir_sqlite_column_dup (stmt, 4);
  sqlite3_reset (stmt);
  if (outlet != a->outlet_id)
    {
      reject (a, "unknown_conflict: no conflict %" G_GINT64_FORMAT, r->conflict_id);
      return TRUE;
    }
  if (g_strcmp0 (status, "open") != 0)
    {
      g_array_append_val (a->result->conflict_ids, r->conflict_id);
      reject (a, "already_resolved");
      return TRUE;
    }
  if (version != r->expected_version)
    {
      g_array_append_val (a->result->conflict_ids, r->conflict_id);
      reject (a, "version_mismatch: conflict is at version %" G_GINT64_FORMAT, version);
      return TRUE;
    }

  res = json_object_new ();
  json_object_set_string_member (res, "decision", r->decision);
  if (r->note != NULL)
    json_object_set_string_member (res, "note", r->note);
  json_object_set_int_member (res, "staff_id", r->staff_id);
  /* The name travels with the decision so that a manager whose own decision came second
   * sees who decided, even on a till that does not know that staff member. */
  stmt = kasir_sqlite_query (self, error, "SELECT name FROM staff WHERE id = ? AND outlet_id = ?", "ii",
                r->staff_id, outlet);
  if (stmt == NULL || (rc = kasir_sqlite_step (self, stmt, error)) < 0)
    {
      json_object_unref (res);
      return FALSE;
    }
  if (rc == SQLITE_ROW)
    json_object_set_string_member (res, "staff_name", (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  json_object_set_int_member (res, "terminal_id", a->terminal_id);
  json_object_set_string_member (res, "resolved_at", now);
  if (r->values != NULL)
    json_object_set_member (res, "values", json_node_copy (r->values));
  json_node_take_object (res_node, res);
  resolution_text = kasir_sqlite_node_to_text (res_node);

  /* A counted stock figure is the one decision that changes data beyond the conflict:
   * the outlet's stock becomes what the manager counted. */
  if (g_strcmp0 (r->decision, "counted_stock") == 0 && g_strcmp0 (entity, "stock") == 0
      && r->values != NULL && JSON_NODE_HOLDS_OBJECT (r->values)
      && json_object_has_member (json_node_get_object (r->values), "qty"))
    {
      JsonNode *qn = json_object_get_member (json_node_get_object (r->values), "qty");
      gint64 product_id = g_ascii_strtoll (entity_id, NULL, 10);

      /* The codec has bounded qty to 0..KASIR_PROTOCOL_MAX_QTY. The figure replaces
       * the level as it is: no arithmetic with whatever the level was. */
      if (!kasir_sqlite_set_stock (self, product_id, outlet, json_node_get_int (qn), error))
        return FALSE;
    }

  return kasir_sqlite_run (self, error, "UPDATE conflicts SET status = 'resolved', resolution = ?, resolved_by = ?,"
              " version = version + 1 WHERE id = ?", "tii", resolution_text, a->terminal_id,
              r->conflict_id)
      && kasir_sqlite_log_change_int (self, "conflict", r->conflict_id, outlet, FALSE, error);
}

static gboolean
apply_mutation (KasirSqliteStore  *self,
                Apply             *a,
                GError           **error)
{
  switch (a->mutation->type)
    {
    case KASIR_MUTATION_SALE_CREATE:
      return apply_sale_create (self, a, error);
    case KASIR_MUTATION_SALE_REFUND:
      return apply_sale_refund (self, a, error);
    case KASIR_MUTATION_SHIFT_OPEN:
      return apply_shift_open (self, a, error);
    case KASIR_MUTATION_SHIFT_CLOSE:
      return apply_shift_close (self, a, error);
    case KASIR_MUTATION_PRODUCT_UPDATE:
      return apply_product_update (self, a, error);
    case KASIR_MUTATION_STOCK_ADJUST:
      return apply_stock_adjust (self, a, error);
    case KASIR_MUTATION_CUSTOMER_UPSERT:
      return apply_customer_upsert (self, a, error);
    case KASIR_MUTATION_CONFLICT_RESOLVE:
      return apply_conflict_resolve (self, a, error);
    default:
      reject (a, "unknown mutation type");
      return TRUE;
    }
}

static char *
conflict_ids_text (GArray *ids)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (s, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (ids, gint64, i));
  return g_string_free (s, FALSE);
}

static gboolean
load_result (KasirSqliteStore  *self,
             gint64             terminal_id,
             gint64             seq,
             KasirPushResult  **out,
             GError           **error)
{
  sqlite3_stmt *stmt = kasir_sqlite_query (self, error, "SELECT status, reason, conflict_ids FROM push_results "
                              "WHERE terminal_id = ? AND seq = ?", "ii", terminal_id, seq);
  g_autoptr(KasirPushResult) r = NULL;
  int rc;

  if (stmt == NULL || (rc = kasir_sqlite_step (self, stmt, error)) < 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_FAILED,
                   "no stored result for terminal %" G_GINT64_FORMAT " seq %" G_GINT64_FORMAT,
                   terminal_id, seq);
      return FALSE;
    }
  r = kasir_push_result_new ();
  r->seq = seq;
  if (!kasir_result_status_from_string ((const char *) sqlite3_column_text (stmt, 0), &r->status))
    r->status = KASIR_RESULT_REJECTED;
  r->reason = kasir_sqlite_column_dup (stmt, 1);
  {
    const char *ids = (const char *) sqlite3_column_text (stmt, 2);
    g_auto(GStrv) parts = g_strsplit (ids ? ids : "", ",", -1);
    for (guint i = 0; parts[i] != NULL; i++)
      if (*parts[i] != '\0')
        {
          gint64 id = g_ascii_strtoll (parts[i], NULL, 10);
          g_array_append_val (r->conflict_ids, id);
        }
  }
  sqlite3_reset (stmt);
  *out = g_steal_pointer (&r);
  return TRUE;
}

/* Reads the terminal's last_seq inside the caller's write transaction. */
static gboolean
terminal_last_seq (KasirSqliteStore  *self,
                   gint64             terminal_id,
                   gint64             outlet_id,
                   gint64            *last_seq,
                   GError           **error)
{
  sqlite3_stmt *stmt = kasir_sqlite_query (self, error, "SELECT last_seq, outlet_id FROM terminals WHERE id = ?", "i",
                              terminal_id);
  gint64 t_outlet;
  int rc;

  if (stmt == NULL || (rc = kasir_sqlite_step (self, stmt, error)) < 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_UNAUTHORIZED,
                   "unknown terminal");
      return FALSE;
    }
  *last_seq = sqlite3_column_int64 (stmt, 0);
  t_outlet = sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);
  if (t_outlet != outlet_id)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_UNAUTHORIZED,
                   "terminal does not belong to this outlet");
      return FALSE;
    }
  return TRUE;
}

/* One mutation, inside the caller's write transaction, under its own savepoint: its
 * effects, its stored result and the new last_seq are written together or not at all.
 * *last_seq is the terminal's last_seq before, and is updated; the terminals row too
 * unless @update_terminal is FALSE, when the caller writes it before its commit. */
static gboolean
push_in_transaction (KasirSqliteStore        *self,
                     gint64                   terminal_id,
                     gint64                   outlet_id,
                     const KasirMutation     *mutation,
                     gboolean                 update_terminal,
                     gint64                  *last_seq,
                     KasirServerPushOutcome  *outcome,
                     KasirPushResult        **result,
                     GError                 **error)
{
  g_autoptr(KasirPushResult) r = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *payload = NULL;
  gboolean savepoint;
  Apply a;

  if (mutation->seq <= *last_seq)
    {
      if (!load_result (self, terminal_id, mutation->seq, result, error))
        return FALSE;
      *outcome = KASIR_SERVER_PUSH_DUPLICATE;
      return TRUE;
    }
  if (mutation->seq > *last_seq + 1)
    {
      *outcome = KASIR_SERVER_PUSH_GAP;
      return TRUE;
    }

  r = kasir_push_result_new ();
  r->seq = mutation->seq;
  r->status = KASIR_RESULT_APPLIED;
  a.terminal_id = terminal_id;
  a.outlet_id = outlet_id;
  a.mutation = mutation;
  a.result = r;

  /* The savepoint lets a rejection undo whatever the mutation had begun to write, so
   * that a rejected mutation leaves only its stored result behind. sale.create decides
   * on a rejection before it writes anything, and the busiest mutation skips it. (A
   * storage error rolls the caller's whole transaction back in any case.) */
  savepoint = mutation->type != KASIR_MUTATION_SALE_CREATE;
  if (savepoint && !kasir_sqlite_run (self, error, "SAVEPOINT apply", NULL))
    return FALSE;
  if (!apply_mutation (self, &a, error))
    goto undo;
  if (r->status == KASIR_RESULT_REJECTED)
    {
      if (savepoint && !kasir_sqlite_run (self, error, "ROLLBACK TO apply", NULL))
        goto undo;
      payload = kasir_sqlite_node_to_text (mutation->payload);
    }
  else if (r->conflict_ids->len > 0)
    r->status = KASIR_RESULT_APPLIED_WITH_CONFLICTS;

  ids = conflict_ids_text (r->conflict_ids);
  if (!kasir_sqlite_run (self, error, "INSERT INTO push_results (terminal_id, seq, mutation_id, type, status, reason,"
            " conflict_ids, payload, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "iitttttti",
            terminal_id, mutation->seq, mutation->id, kasir_mutation_type_to_string (mutation->type),
            kasir_result_status_to_string (r->status), r->reason, ids, payload, kasir_sqlite_now_unix ())
      || (update_terminal
          && !kasir_sqlite_run (self, error, "UPDATE terminals SET last_seq = ?, last_push_at = ? WHERE id = ?", "iii",
                   mutation->seq, kasir_sqlite_now_unix (), terminal_id)))
    goto undo;
  if (r->status == KASIR_RESULT_REJECTED)
    {
      g_autofree char *detail = g_strdup_printf ("terminal %" G_GINT64_FORMAT " seq %" G_GINT64_FORMAT
                                                 " %s: %s", terminal_id, mutation->seq,
                                                 kasir_mutation_type_to_string (mutation->type),
                                                 r->reason);
      if (!kasir_sqlite_audit (self, "push", "mutation.rejected", detail, error))
        goto undo;
    }
  if (savepoint && !kasir_sqlite_run (self, error, "RELEASE apply", NULL))
    goto undo;
  *last_seq = mutation->seq;
  *outcome = KASIR_SERVER_PUSH_NEW;
  *result = g_steal_pointer (&r);
  return TRUE;

undo:
  /* The caller rolls the whole transaction back; nothing of this mutation stays. */
  return FALSE;
}

gboolean
kasir_sqlite_push (KasirServerStore        *store,
             gint64                   terminal_id,
             gint64                   outlet_id,
             const KasirMutation     *mutation,
             KasirServerPushOutcome  *outcome,
             KasirPushResult        **result,
             gint64                  *expected_seq,
             GError                 **error)
{
  KasirSqliteStore *self = (KasirSqliteStore *) store;
  gint64 last_seq;

  if (!kasir_sqlite_begin_write (self, error))
    return FALSE;
  if (!terminal_last_seq (self, terminal_id, outlet_id, &last_seq, error)
      || !push_in_transaction (self, terminal_id, outlet_id, mutation, TRUE, &last_seq, outcome, result,
                               error)
      || !kasir_sqlite_commit (self, error))
    {
      kasir_sqlite_rollback (self);
      g_clear_pointer (result, kasir_push_result_free);
      return FALSE;
    }
  *expected_seq = last_seq + 1;
  return TRUE;
}

gboolean
kasir_sqlite_push_batch (KasirServerStore  *store,
                   gint64             terminal_id,
                   gint64             outlet_id,
                   GPtrArray         *mutations,
                   GPtrArray         *results,
                   GArray            *outcomes,
                   gint64            *expected_seq,
                   GError           **error)
{
  KasirSqliteStore *self = (KasirSqliteStore *) store;
  guint first_result = results->len;
  gboolean applied_any = FALSE;
  gint64 last_seq;

  if (!kasir_sqlite_begin_write (self, error))
    return FALSE;
  if (!terminal_last_seq (self, terminal_id, outlet_id, &last_seq, error))
    goto fail;
  for (guint i = 0; i < mutations->len; i++)
    {
      KasirServerPushOutcome outcome;
      KasirPushResult *result = NULL;

      if (!push_in_transaction (self, terminal_id, outlet_id, g_ptr_array_index (mutations, i), FALSE,
                                &last_seq, &outcome, &result, error))
        goto fail;
      g_array_append_val (outcomes, outcome);
      if (outcome == KASIR_SERVER_PUSH_GAP)
        break;
      if (outcome == KASIR_SERVER_PUSH_NEW)
        applied_any = TRUE;
      g_ptr_array_add (results, result);
    }
  /* last_seq is written once for the batch, in the same transaction as every result. */
  if ((applied_any
       && !kasir_sqlite_run (self, error, "UPDATE terminals SET last_seq = ?, last_push_at = ? WHERE id = ?", "iii",
                last_seq, kasir_sqlite_now_unix (), terminal_id))
      || !kasir_sqlite_commit (self, error))
    goto fail;
  *expected_seq = last_seq + 1;
  return TRUE;

fail:
  kasir_sqlite_rollback (self);
  g_ptr_array_set_size (results, first_result);
  g_array_set_size (outcomes, first_result);
  return FALSE;
}

