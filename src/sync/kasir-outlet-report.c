/* kasir-outlet-report.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "kasir-outlet-report.h"

static void
row_free (KasirReportRow *row)
{
  if (row == NULL)
    return;
  g_free (row->key);
  g_free (row);
}

static gboolean
int_member (JsonObject  *obj,
            const char  *name,
            gint64      *out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "“%s” is not an integer", name);
      return FALSE;
    }
  *out = json_node_get_int (node);
  return TRUE;
}

static const char *
string_member (JsonObject  *obj,
               const char  *name,
               GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "“%s” is not a text", name);
      return NULL;
    }
  return json_node_get_string (node);
}

/* The array @name of @obj, each element an object; NULL with @error otherwise. */
static JsonArray *
objects_member (JsonObject  *obj,
                const char  *name,
                GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "“%s” is not a list", name);
      return NULL;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, i)))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "“%s” holds a non-object", name);
        return NULL;
      }
  return array;
}

/* Rows of @name: each with the text @key and the integers @id and @count (NULL: none, 0)
 * and @amount. */
static GPtrArray *
read_rows (JsonObject  *obj,
           const char  *name,
           const char  *key,
           const char  *id,
           const char  *count,
           const char  *amount,
           GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  JsonArray *array = objects_member (obj, name, error);

  if (array == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      KasirReportRow *row = g_new0 (KasirReportRow, 1);
      const char *text;

      g_ptr_array_add (rows, row);
      if ((text = string_member (o, key, error)) == NULL ||
          (id != NULL && !int_member (o, id, &row->id, error)) ||
          (count != NULL && !int_member (o, count, &row->count, error)) ||
          !int_member (o, amount, &row->amount, error))
        return NULL;
      row->key = g_strdup (text);
    }
  return g_steal_pointer (&rows);
}

static int
by_amount (gconstpointer a,
           gconstpointer b)
{
  const KasirReportRow *x = *(KasirReportRow * const *) a, *y = *(KasirReportRow * const *) b;

  return (x->amount < y->amount) - (x->amount > y->amount);
}

static int
by_count (gconstpointer a,
          gconstpointer b)
{
  const KasirReportRow *x = *(KasirReportRow * const *) a, *y = *(KasirReportRow * const *) b;

  return (x->count < y->count) - (x->count > y->count);
}

/* A cashier's money is net of the refunds they made, as in the till's own report, where
 * the server says so ("net"; a server that does not: the sales' total). */
static void
cashiers_net (GPtrArray  *rows,
              JsonObject *obj)
{
  JsonArray *array = json_object_get_array_member (obj, "by_cashier");

  for (guint i = 0; i < rows->len && i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      JsonNode *net = json_object_get_member (o, "net");

      if (net != NULL && JSON_NODE_HOLDS_VALUE (net) && json_node_get_value_type (net) == G_TYPE_INT64)
        ((KasirReportRow *) rows->pdata[i])->amount = json_node_get_int (net);
    }
  g_ptr_array_sort (rows, by_amount);
}

static KasirReportRow *
row_copy (const KasirReportRow *row)
{
  KasirReportRow *copy = g_memdup2 (row, sizeof *row);

  copy->key = g_strdup (row->key);
  return copy;
}

/* by_hour: hour "HH", its sales and their total (the chart's net per hour). */
static gboolean
read_hours (KasirReport  *report,
            JsonObject   *obj,
            GError      **error)
{
  JsonArray *hours = objects_member (obj, "by_hour", error);

  if (hours == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (hours); i++)
    {
      JsonObject *o = json_array_get_object_element (hours, i);
      const char *hour = string_member (o, "hour", error);
      gint64 h, count, total;
      guint64 parsed;

      if (hour == NULL || !int_member (o, "sales", &count, error) || !int_member (o, "total", &total, error))
        return FALSE;
      if (!g_ascii_string_to_unsigned (hour, 10, 0, 23, &parsed, NULL))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "“%s” is not an hour", hour);
          return FALSE;
        }
      h = (gint64) parsed;
      report->hour_count[h] += count;
      report->hour_net[h] += total;
    }
  return TRUE;
}

KasirReport *
kasir_outlet_report_decode (JsonNode  *node,
                            GError   **error)
{
  g_autoptr(KasirReport) report = g_new0 (KasirReport, 1);
  JsonObject *obj;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  report->by_order_type = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "the report is not an object");
      return NULL;
    }
  obj = json_node_get_object (node);
  if (!int_member (obj, "sales", &report->sale_count, error) ||
      !int_member (obj, "gross", &report->gross, error) ||
      !int_member (obj, "discounts", &report->discounts, error) ||
      !int_member (obj, "tax", &report->tax, error) ||
      !int_member (obj, "total", &report->sales, error) ||
      !int_member (obj, "refund_count", &report->refund_count, error) ||
      !int_member (obj, "refunds", &report->refunds, error) ||
      !int_member (obj, "net", &report->net, error) ||
      !int_member (obj, "average_basket", &report->average, error))
    return NULL;
  if ((report->by_method = read_rows (obj, "by_method", "method", NULL, NULL, "net", error)) == NULL ||
      (report->top_revenue = read_rows (obj, "top_products", "name", "product_id", "qty", "revenue",
                                        error)) == NULL ||
      (report->by_cashier = read_rows (obj, "by_cashier", "name", "staff_id", "sales", "total",
                                       error)) == NULL ||
      !read_hours (report, obj, error))
    return NULL;
  cashiers_net (report->by_cashier, obj);
  g_ptr_array_sort (report->by_method, by_amount);
  g_ptr_array_sort (report->top_revenue, by_amount);
  report->top_quantity = g_ptr_array_copy (report->top_revenue, (GCopyFunc) row_copy, NULL);
  g_ptr_array_set_free_func (report->top_quantity, (GDestroyNotify) row_free);
  g_ptr_array_sort (report->top_quantity, by_count);
  return g_steal_pointer (&report);
}
