/* kasir-server-report.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "kasir-roles.h"
#include "kasir-server-report.h"

/* created_at is RFC 3339 UTC ("2026-12-02T17:00:00Z"), so a span of UTC instants is a
 * range of text: the bounds are written without the zone designator, which every
 * created_at of the same second sorts after. */
#define IN_PERIOD(alias) \
  alias "outlet_id = CAST(? AS BIGINT) AND " alias "created_at >= ? AND " alias "created_at < ?"

/* The role of the one asking, when an active staff member of the outlet (the third
 * argument is 1, the active flag). */
static const char approver_sql[] =
  "SELECT role FROM staff WHERE id = CAST(? AS BIGINT) AND outlet_id = CAST(? AS BIGINT) "
  "AND active = CAST(? AS BIGINT)";
static const char totals_sql[] =
  "SELECT count(*), coalesce(sum(subtotal), 0), coalesce(sum(discount), 0), coalesce(sum(tax), 0), "
  "coalesce(sum(total), 0), coalesce(sum(change), 0) FROM sales WHERE " IN_PERIOD ("");
static const char refunds_sql[] =
  "SELECT count(*), coalesce(sum(total), 0) FROM refunds WHERE " IN_PERIOD ("");
static const char sale_methods_sql[] =
  "SELECT p.method, sum(p.amount) FROM sale_payments p JOIN sales s ON s.id = p.sale_id "
  "WHERE " IN_PERIOD ("s.") " GROUP BY p.method";
static const char refund_methods_sql[] =
  "SELECT p.method, sum(p.amount) FROM refund_payments p JOIN refunds r ON r.id = p.refund_id "
  "WHERE " IN_PERIOD ("r.") " GROUP BY p.method";
static const char products_sql[] =
  "SELECT l.product_id, coalesce(max(pr.name), max(l.name), ''), sum(l.qty), sum(l.total) "
  "FROM sale_lines l JOIN sales s ON s.id = l.sale_id LEFT JOIN products pr ON pr.id = l.product_id "
  "WHERE " IN_PERIOD ("s.") " GROUP BY l.product_id ORDER BY sum(l.total) DESC, l.product_id LIMIT 20";
static const char cashiers_sql[] =
  "SELECT coalesce(s.staff_id, 0), coalesce(max(st.name), ''), count(*), sum(s.total) "
  "FROM sales s LEFT JOIN staff st ON st.id = s.staff_id WHERE " IN_PERIOD ("s.")
  " GROUP BY coalesce(s.staff_id, 0) ORDER BY 1";
/* Refunds by the one who made them (none named, or made before the server kept it: 0). */
static const char refund_cashiers_sql[] =
  "SELECT coalesce(r.staff_id, 0), coalesce(max(st.name), ''), count(*), sum(r.total) "
  "FROM refunds r LEFT JOIN staff st ON st.id = r.staff_id WHERE " IN_PERIOD ("r.")
  " GROUP BY coalesce(r.staff_id, 0) ORDER BY 1";
/* By UTC minute of the day, turned into local hours in C (an offset may be a half hour). */
static const char hours_sql[] =
  "SELECT substr(created_at, 12, 5), count(*), sum(total) FROM sales WHERE " IN_PERIOD ("")
  " GROUP BY substr(created_at, 12, 5)";

gboolean
kasir_server_report_date_ok (const char *date)
{
  if (date == NULL || strlen (date) != 10 || date[4] != '-' || date[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (date[i]))
      return FALSE;
  return g_date_valid_dmy ((GDateDay) atoi (date + 8), (GDateMonth) atoi (date + 5),
                           (GDateYear) atoi (date));
}

gboolean
kasir_server_report_offset_ok (const char *text,
                               int        *utc_offset)
{
  gint64 minutes;

  if (text == NULL)
    {
      *utc_offset = 0;
      return TRUE;
    }
  if (!g_ascii_string_to_signed (text, 10, KASIR_SERVER_REPORT_MIN_OFFSET,
                                 KASIR_SERVER_REPORT_MAX_OFFSET, &minutes, NULL)
      || minutes % 15 != 0)
    return FALSE;
  *utc_offset = (int) minutes;
  return TRUE;
}

/* The UTC instant local midnight of @date (+ @days) was, as "YYYY-MM-DDTHH:MM:SS". */
static char *
utc_bound (const char *date,
           int         days,
           int         utc_offset)
{
  g_autoptr(GDateTime) midnight = g_date_time_new_utc (atoi (date), atoi (date + 5), atoi (date + 8),
                                                       0, 0, 0);
  g_autoptr(GDateTime) bound = g_date_time_add_minutes (midnight, (gint64) days * 24 * 60 - utc_offset);

  return g_date_time_format (bound, "%Y-%m-%dT%H:%M:%S");
}

static gint64
col (GPtrArray *rows,
     guint      row,
     guint      column)
{
  const char * const *r = rows->pdata[row];

  return g_ascii_strtoll (r[column], NULL, 10);
}

/* Each row of @rows as an object named by @names ("s:" a text column). */
static JsonArray *
rows_array (GPtrArray          *rows,
            const char * const *names)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < rows->len; i++)
    {
      const char * const *r = rows->pdata[i];
      JsonObject *obj = json_object_new ();

      for (guint c = 0; names[c] != NULL; c++)
        if (g_str_has_prefix (names[c], "s:"))
          json_object_set_string_member (obj, names[c] + 2, r[c]);
        else
          json_object_set_int_member (obj, names[c], g_ascii_strtoll (r[c], NULL, 10));
      json_array_add_object_element (array, obj);
    }
  return array;
}

/* By local hour: @minutes holds a row per UTC minute of the day ("HH:MM", sales, total). */
static JsonArray *
hours_array (GPtrArray *minutes,
             int        utc_offset)
{
  gint64 count[24] = { 0 }, total[24] = { 0 };
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < minutes->len; i++)
    {
      const char *hh_mm = ((char **) minutes->pdata[i])[0];
      int minute = atoi (hh_mm) * 60 + atoi (hh_mm + 3) + utc_offset;
      int hour = ((minute % 1440 + 1440) % 1440) / 60;

      count[hour] += col (minutes, i, 1);
      total[hour] += col (minutes, i, 2);
    }
  for (int hour = 0; hour < 24; hour++)
    {
      JsonObject *obj;
      char name[3];

      if (count[hour] == 0)
        continue;
      g_snprintf (name, sizeof name, "%02d", hour);
      obj = json_object_new ();
      json_object_set_string_member (obj, "hour", name);
      json_object_set_int_member (obj, "sales", count[hour]);
      json_object_set_int_member (obj, "total", total[hour]);
      json_array_add_object_element (array, obj);
    }
  return array;
}

/* By cashier: the sales they made (count, total), the refunds they made (count, money)
 * and net (total - refunds), from @sold and @refunded (staff id, name, count, money), by
 * staff id. */
static JsonArray *
cashiers_array (GPtrArray *sold,
                GPtrArray *refunded)
{
  JsonArray *array = json_array_new ();
  guint i = 0, j = 0;

  while (i < sold->len || j < refunded->len)
    {
      gint64 a = i < sold->len ? col (sold, i, 0) : G_MAXINT64;
      gint64 b = j < refunded->len ? col (refunded, j, 0) : G_MAXINT64;
      gint64 id = MIN (a, b), sales = 0, total = 0, refund_count = 0, refunds = 0;
      const char *name = "";
      JsonObject *obj = json_object_new ();

      if (a == id)
        {
          name = ((char **) sold->pdata[i])[1];
          sales = col (sold, i, 2);
          total = col (sold, i, 3);
          i++;
        }
      if (b == id)
        {
          if (*name == '\0')
            name = ((char **) refunded->pdata[j])[1];
          refund_count = col (refunded, j, 2);
          refunds = col (refunded, j, 3);
          j++;
        }
      json_object_set_int_member (obj, "staff_id", id);
      json_object_set_string_member (obj, "name", name);
      json_object_set_int_member (obj, "sales", sales);
      json_object_set_int_member (obj, "total", total);
      json_object_set_int_member (obj, "refund_count", refund_count);
      json_object_set_int_member (obj, "refunds", refunds);
      json_object_set_int_member (obj, "net", total - refunds);
      json_array_add_object_element (array, obj);
    }
  return array;
}

/* By method: what was paid, what was given back (change in cash, refunds), and net. */
static JsonArray *
methods_array (GPtrArray *paid,
               GPtrArray *refunded,
               gint64     change)
{
  static const char * const methods[] = { "cash", "card", "ewallet", "other" };
  JsonArray *array = json_array_new ();

  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      gint64 in = 0, back = 0, given = g_str_equal (methods[m], "cash") ? change : 0;
      JsonObject *obj;

      for (guint i = 0; i < paid->len; i++)
        if (g_str_equal (((char **) paid->pdata[i])[0], methods[m]))
          in = col (paid, i, 1);
      for (guint i = 0; i < refunded->len; i++)
        if (g_str_equal (((char **) refunded->pdata[i])[0], methods[m]))
          back = col (refunded, i, 1);
      if (in == 0 && back == 0)
        continue;
      obj = json_object_new ();
      json_object_set_string_member (obj, "method", methods[m]);
      json_object_set_int_member (obj, "sales", in - given);
      json_object_set_int_member (obj, "refunds", back);
      json_object_set_int_member (obj, "net", in - given - back);
      json_array_add_object_element (array, obj);
    }
  return array;
}

JsonNode *
kasir_server_report_summary (KasirServerReportRows   rows,
                             gpointer                store,
                             gint64                  outlet_id,
                             gint64                  staff_id,
                             const char             *from,
                             const char             *to,
                             int                     utc_offset,
                             gboolean               *forbidden,
                             GError                **error)
{
  static const char * const product_names[] = { "product_id", "s:name", "qty", "revenue", NULL };
  g_autofree char *start = utc_bound (from, 0, utc_offset);
  g_autofree char *end = utc_bound (to, 1, utc_offset);
  char outlet[32], staff[32];
  g_autoptr(GPtrArray) manager = NULL;
  g_autoptr(GPtrArray) totals = NULL;
  g_autoptr(GPtrArray) refunds = NULL;
  g_autoptr(GPtrArray) paid = NULL;
  g_autoptr(GPtrArray) refunded = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GPtrArray) cashiers = NULL;
  g_autoptr(GPtrArray) refund_cashiers = NULL;
  g_autoptr(GPtrArray) hours = NULL;
  JsonObject *obj;
  JsonNode *node;
  gint64 count, total, refund_total;

  *forbidden = FALSE;
  g_snprintf (outlet, sizeof outlet, "%" G_GINT64_FORMAT, outlet_id);
  g_snprintf (staff, sizeof staff, "%" G_GINT64_FORMAT, staff_id);
  if ((manager = rows (store, approver_sql, staff, outlet, "1", error)) == NULL)
    return NULL;
  /* Reports are among the manager's tools: whoever kasir-roles.h lets approve those. */
  if (manager->len == 0
      || !kasir_role_may_approve (((char **) manager->pdata[0])[0], KASIR_APPROVE_TOOLS))
    {
      *forbidden = TRUE;
      return NULL;
    }
  if ((totals = rows (store, totals_sql, outlet, start, end, error)) == NULL
      || (refunds = rows (store, refunds_sql, outlet, start, end, error)) == NULL
      || (paid = rows (store, sale_methods_sql, outlet, start, end, error)) == NULL
      || (refunded = rows (store, refund_methods_sql, outlet, start, end, error)) == NULL
      || (products = rows (store, products_sql, outlet, start, end, error)) == NULL
      || (cashiers = rows (store, cashiers_sql, outlet, start, end, error)) == NULL
      || (refund_cashiers = rows (store, refund_cashiers_sql, outlet, start, end, error)) == NULL
      || (hours = rows (store, hours_sql, outlet, start, end, error)) == NULL)
    return NULL;

  count = col (totals, 0, 0);
  total = col (totals, 0, 4);
  refund_total = col (refunds, 0, 1);
  obj = json_object_new ();
  json_object_set_int_member (obj, "outlet_id", outlet_id);
  json_object_set_string_member (obj, "from", from);
  json_object_set_string_member (obj, "to", to);
  json_object_set_int_member (obj, "utc_offset", utc_offset);
  json_object_set_int_member (obj, "sales", count);
  json_object_set_int_member (obj, "gross", col (totals, 0, 1));
  json_object_set_int_member (obj, "discounts", col (totals, 0, 2));
  json_object_set_int_member (obj, "tax", col (totals, 0, 3));
  json_object_set_int_member (obj, "total", total);
  json_object_set_int_member (obj, "refund_count", col (refunds, 0, 0));
  json_object_set_int_member (obj, "refunds", refund_total);
  json_object_set_int_member (obj, "net", total - refund_total);
  json_object_set_int_member (obj, "average_basket", count > 0 ? total / count : 0);
  json_object_set_array_member (obj, "by_method", methods_array (paid, refunded, col (totals, 0, 5)));
  json_object_set_array_member (obj, "top_products", rows_array (products, product_names));
  json_object_set_array_member (obj, "by_cashier", cashiers_array (cashiers, refund_cashiers));
  json_object_set_array_member (obj, "by_hour", hours_array (hours, utc_offset));
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, obj);
  return node;
}
