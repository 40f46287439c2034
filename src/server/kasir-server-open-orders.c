/* kasir-server-open-orders.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-kitchen-item.h"
#include "kasir-protocol.h"
#include "kasir-server-open-orders.h"

/* A paid order stays listed this long, so its till learns it was paid elsewhere. */
#define PAID_LISTED_SECONDS (24 * 60 * 60)

static const char orders_sql[] =
  "SELECT o.id, o.terminal_id, coalesce(t.name, ''), coalesce(o.staff_id, 0), coalesce(s.name, ''),"
  " o.label, coalesce(o.order_type, ''), coalesce(o.order_ref, ''), o.total, o.cart, o.state,"
  " o.opened_at, o.updated_at "
  "FROM open_orders o LEFT JOIN terminals t ON t.id = o.terminal_id"
  " LEFT JOIN staff s ON s.id = o.staff_id "
  "WHERE o.outlet_id = CAST(? AS BIGINT) AND (o.state = 'open' OR o.updated_at >= ?) AND ? = '1' "
  "ORDER BY o.opened_at, o.id";
static const char tickets_sql[] =
  "SELECT k.order_id, k.items FROM open_order_tickets k JOIN open_orders o"
  " ON o.outlet_id = k.outlet_id AND o.id = k.order_id "
  "WHERE k.outlet_id = CAST(? AS BIGINT) AND (o.state = 'open' OR o.updated_at >= ?) AND ? = '1' "
  "ORDER BY k.created_at, k.ticket_no";

/* What the tickets of @order_id asked the kitchen for, together. */
static JsonNode *
sent_of (GPtrArray  *tickets,
         const char *order_id)
{
  g_autoptr(GPtrArray) sent = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_kitchen_item_free);

  for (guint i = 0; i < tickets->len; i++)
    {
      const char * const *r = tickets->pdata[i];
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GPtrArray) items = NULL;

      if (!g_str_equal (r[0], order_id))
        continue;
      node = json_from_string (r[1], NULL);
      items = node != NULL ? kasir_kitchen_items_from_json (node, NULL) : NULL;
      if (items != NULL)
        kasir_kitchen_items_merge (sent, items);
    }
  return kasir_kitchen_items_to_json (sent);
}

static JsonObject *
order_object (const char * const *r,
              GPtrArray          *tickets)
{
  JsonObject *obj = json_object_new ();
  JsonNode *cart = json_from_string (r[9], NULL);

  json_object_set_string_member (obj, "order_id", r[0]);
  json_object_set_int_member (obj, "terminal_id", g_ascii_strtoll (r[1], NULL, 10));
  json_object_set_string_member (obj, "terminal_name", r[2]);
  json_object_set_int_member (obj, "staff_id", g_ascii_strtoll (r[3], NULL, 10));
  json_object_set_string_member (obj, "staff_name", r[4]);
  json_object_set_string_member (obj, "label", r[5]);
  if (*r[6] != '\0')
    json_object_set_string_member (obj, "order_type", r[6]);
  if (*r[7] != '\0')
    json_object_set_string_member (obj, "order_ref", r[7]);
  json_object_set_int_member (obj, "total", g_ascii_strtoll (r[8], NULL, 10));
  json_object_set_member (obj, "cart", cart != NULL ? cart : json_node_new (JSON_NODE_NULL));
  json_object_set_member (obj, "sent", sent_of (tickets, r[0]));
  json_object_set_string_member (obj, "state", r[10]);
  json_object_set_string_member (obj, "opened_at", r[11]);
  json_object_set_string_member (obj, "updated_at", r[12]);
  return obj;
}

JsonNode *
kasir_server_open_orders (KasirServerReportRows   rows,
                          gpointer                store,
                          gint64                  outlet_id,
                          GError                **error)
{
  g_autofree char *outlet = g_strdup_printf ("%" G_GINT64_FORMAT, outlet_id);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) since = g_date_time_add_seconds (now, -PAID_LISTED_SECONDS);
  g_autofree char *cutoff = g_date_time_format (since, "%Y-%m-%dT%H:%M:%SZ");
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  JsonArray *list;
  JsonObject *answer;
  JsonNode *node;

  /* The runner binds three texts; the third is a no-op "1". */
  orders = rows (store, orders_sql, outlet, cutoff, "1", error);
  if (orders == NULL)
    return NULL;
  tickets = rows (store, tickets_sql, outlet, cutoff, "1", error);
  if (tickets == NULL)
    return NULL;
  list = json_array_new ();
  for (guint i = 0; i < orders->len; i++)
    json_array_add_object_element (list, order_object (orders->pdata[i], tickets));
  answer = json_object_new ();
  json_object_set_array_member (answer, "orders", list);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, answer);
  return node;
}
