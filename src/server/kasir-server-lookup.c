/* kasir-server-lookup.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-lookup.h"

/* Receipt numbers are unique within an outlet; a sale id is accepted too, as a scanned
 * receipt may carry it. The newest wins should two ever share a number. */
static const char sale_sql[] =
  "SELECT s.id, s.receipt_no, s.terminal_id, coalesce(s.staff_id, 0), coalesce(s.customer_id, 0),"
  " s.currency, s.tax_inclusive, s.subtotal, s.discount, s.fee, s.tax, s.total, s.change,"
  " s.loyalty_redeemed, s.created_at, coalesce(s.shift_id, ''),"
  " (SELECT coalesce(sum(r.total), 0) FROM refunds r WHERE r.outlet_id = s.outlet_id AND r.sale_id = s.id) "
  "FROM sales s WHERE s.outlet_id = CAST(? AS BIGINT) AND (s.receipt_no = ? OR s.id = ?) "
  "ORDER BY s.created_at DESC LIMIT 1";
/* What was given back of a line: the refund lines that name it (sale_line_no counts from
 * 1, line_no from 0), and those that name no line (from tills before they said it) by
 * its product, as they were counted then. */
#define GIVEN_BACK(col)                                                                    \
  " (SELECT coalesce(sum(rl." col "), 0) FROM refund_lines rl JOIN refunds r"                \
  "  ON r.outlet_id = rl.outlet_id AND r.id = rl.refund_id"                                \
  "  WHERE r.outlet_id = l.outlet_id AND r.sale_id = l.sale_id"                            \
  "  AND (rl.sale_line_no = l.line_no + 1"                                                 \
  "       OR (rl.sale_line_no IS NULL AND rl.product_id = l.product_id)))"
static const char lines_sql[] =
  "SELECT l.line_no, l.product_id, coalesce(l.sku, ''), coalesce(l.name, ''), l.qty, l.unit_price,"
  " l.price_version, l.tax_rate_bp, l.discount, l.tax, l.total,"
  GIVEN_BACK ("qty") "," GIVEN_BACK ("amount")
  " FROM sale_lines l WHERE l.outlet_id = CAST(? AS BIGINT) AND l.sale_id = ? AND l.sale_id = ? "
  "ORDER BY l.line_no";
/* The options each line was sold with (modifiers), in the order sold. */
static const char options_sql[] =
  "SELECT o.line_no, o.group_id, o.group_version, o.option_id, coalesce(o.group_name, ''),"
  " coalesce(o.name, ''), o.price FROM sale_line_options o "
  "WHERE o.outlet_id = CAST(? AS BIGINT) AND o.sale_id = ? AND o.sale_id = ? ORDER BY o.line_no, o.idx";
static const char payments_sql[] =
  "SELECT p.method, p.amount, coalesce(p.reference, '') FROM sale_payments p "
  "WHERE p.outlet_id = CAST(? AS BIGINT) AND p.sale_id = ? AND p.sale_id = ? ORDER BY p.idx";

/* Row @r as an object named by @names ("s:" a text column, "b:" a boolean). */
static JsonObject *
row_object (const char * const *r,
            const char * const *names)
{
  JsonObject *obj = json_object_new ();

  for (guint c = 0; names[c] != NULL; c++)
    if (g_str_has_prefix (names[c], "s:"))
      json_object_set_string_member (obj, names[c] + 2, r[c]);
    else if (g_str_has_prefix (names[c], "b:"))
      json_object_set_boolean_member (obj, names[c] + 2, g_ascii_strtoll (r[c], NULL, 10) != 0
                                      || g_str_equal (r[c], "t"));
    else
      json_object_set_int_member (obj, names[c], g_ascii_strtoll (r[c], NULL, 10));
  return obj;
}

static JsonArray *
rows_array (GPtrArray          *rows,
            const char * const *names)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < rows->len; i++)
    json_array_add_object_element (array, row_object (rows->pdata[i], names));
  return array;
}

/* The lines, each with the options it was sold with ("options", only when it has some,
 * each as sale.create carries it: group_id, group_version, option_id, group_name, name,
 * price). */
static JsonArray *
lines_with_options (GPtrArray          *lines,
                    const char * const *line_names,
                    GPtrArray          *options,
                    const char * const *option_names)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < lines->len; i++)
    {
      const char * const *line = lines->pdata[i];
      JsonObject *obj = row_object (line, line_names);
      JsonArray *chosen = NULL;

      for (guint o = 0; o < options->len; o++)
        {
          const char * const *option = options->pdata[o];
          JsonObject *opt;

          if (g_strcmp0 (option[0], line[0]) != 0)
            continue;
          if (chosen == NULL)
            chosen = json_array_new ();
          /* The line number is the line's own; the option names the rest. */
          opt = row_object (option + 1, option_names + 1);
          json_array_add_object_element (chosen, opt);
        }
      if (chosen != NULL)
        json_object_set_array_member (obj, "options", chosen);
      json_array_add_object_element (array, obj);
    }
  return array;
}

JsonNode *
kasir_server_sale_lookup (KasirServerReportRows   rows,
                          gpointer                store,
                          gint64                  outlet_id,
                          const char             *receipt,
                          gboolean               *found,
                          GError                **error)
{
  static const char * const sale_names[] = {
    "s:sale_id", "s:receipt_no", "terminal_id", "staff_id", "customer_id", "s:currency",
    "b:tax_inclusive", "subtotal", "discount", "fee", "tax", "total", "change", "loyalty_redeemed",
    "s:created_at", "s:shift_id", "refunded_total", NULL
  };
  static const char * const line_names[] = {
    "line_no", "product_id", "s:sku", "s:name", "qty", "unit_price", "price_version", "tax_rate_bp",
    "discount", "tax", "total", "refunded_qty", "refunded_amount", NULL
  };
  static const char * const payment_names[] = { "s:method", "amount", "s:reference", NULL };
  static const char * const option_names[] = {
    "line_no", "group_id", "group_version", "option_id", "s:group_name", "s:name", "price", NULL
  };
  char outlet[32];
  g_autoptr(GPtrArray) sale = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) payments = NULL;
  g_autoptr(GPtrArray) options = NULL;
  const char *sale_id;
  JsonObject *obj, *top;
  JsonNode *node;

  g_return_val_if_fail (receipt != NULL, NULL);
  g_return_val_if_fail (found != NULL, NULL);

  *found = FALSE;
  g_snprintf (outlet, sizeof outlet, "%" G_GINT64_FORMAT, outlet_id);
  if ((sale = rows (store, sale_sql, outlet, receipt, receipt, error)) == NULL)
    return NULL;
  if (sale->len == 0)
    return NULL;
  sale_id = ((const char * const *) sale->pdata[0])[0];
  if ((lines = rows (store, lines_sql, outlet, sale_id, sale_id, error)) == NULL
      || (payments = rows (store, payments_sql, outlet, sale_id, sale_id, error)) == NULL
      || (options = rows (store, options_sql, outlet, sale_id, sale_id, error)) == NULL)
    return NULL;

  *found = TRUE;
  obj = row_object (sale->pdata[0], sale_names);
  json_object_set_array_member (obj, "lines", lines_with_options (lines, line_names, options,
                                                                  option_names));
  json_object_set_array_member (obj, "payments", rows_array (payments, payment_names));
  top = json_object_new ();
  json_object_set_object_member (top, "sale", obj);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, top);
  return node;
}
