/* kasir-open-order-repository.c — the open_orders and open_order_tickets tables.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-database-private.h"
#include "kasir-open-order-repository.h"
#include "kasir-outbox-repository.h"
#include "kasir-protocol.h"

/* A label is what fits on one row of the list: a name, a table, a short note. */
#define LABEL_MAX_CHARS 60

struct _KasirOpenOrderRepository
{
  GObject                parent_instance;
  KasirDatabase         *database;
  KasirOutboxRepository *outbox;
};

G_DEFINE_TYPE (KasirOpenOrderRepository, kasir_open_order_repository, G_TYPE_OBJECT)

void
kasir_open_order_free (KasirOpenOrder *self)
{
  if (self == NULL)
    return;
  g_free (self->order_id);
  g_free (self->terminal_name);
  g_free (self->label);
  g_free (self->staff_name);
  g_free (self->order_type);
  g_free (self->order_ref);
  g_free (self->opened_at);
  g_free (self->updated_at);
  g_free (self->cart);
  g_free (self->sent);
  g_free (self);
}

KasirOpenOrder *
kasir_open_order_copy (const KasirOpenOrder *self)
{
  KasirOpenOrder *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->order_id = g_strdup (self->order_id);
  copy->terminal_name = g_strdup (self->terminal_name);
  copy->label = g_strdup (self->label);
  copy->staff_name = g_strdup (self->staff_name);
  copy->order_type = g_strdup (self->order_type);
  copy->order_ref = g_strdup (self->order_ref);
  copy->opened_at = g_strdup (self->opened_at);
  copy->updated_at = g_strdup (self->updated_at);
  copy->cart = g_strdup (self->cart);
  copy->sent = g_strdup (self->sent);

  return copy;
}

void
kasir_order_ticket_free (KasirOrderTicket *self)
{
  if (self == NULL)
    return;
  g_free (self->order_id);
  g_free (self->ticket_no);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_free (self->created_at);
  g_free (self);
}

static void
kasir_open_order_repository_dispose (GObject *object)
{
  KasirOpenOrderRepository *self = KASIR_OPEN_ORDER_REPOSITORY (object);

  g_clear_object (&self->outbox);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (kasir_open_order_repository_parent_class)->dispose (object);
}

static void
kasir_open_order_repository_class_init (KasirOpenOrderRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kasir_open_order_repository_dispose;
}

static void
kasir_open_order_repository_init (KasirOpenOrderRepository *self)
{
}

KasirOpenOrderRepository *
kasir_open_order_repository_new (KasirDatabase *database)
{
  KasirOpenOrderRepository *self;

  g_return_val_if_fail (KASIR_IS_DATABASE (database), NULL);

  self = g_object_new (KASIR_TYPE_OPEN_ORDER_REPOSITORY, NULL);
  self->database = g_object_ref (database);
  self->outbox = kasir_outbox_repository_new (database);

  return self;
}

#define ORDER_COLUMNS "order_id, own, terminal_name, label, staff_id, staff_name, order_type, " \
                      "order_ref, total, opened_at, updated_at, state, cart, sent, " \
                      "cancelled_at IS NOT NULL"

static KasirOpenOrder *
read_order (sqlite3_stmt *stmt)
{
  KasirOpenOrder *order = g_new0 (KasirOpenOrder, 1);

  order->order_id = kasir_database_column_dup (stmt, 0);
  order->own = sqlite3_column_int64 (stmt, 1) != 0;
  order->terminal_name = kasir_database_column_dup (stmt, 2);
  order->label = kasir_database_column_dup (stmt, 3);
  order->staff_id = sqlite3_column_int64 (stmt, 4);
  order->staff_name = kasir_database_column_dup (stmt, 5);
  order->order_type = kasir_database_column_dup (stmt, 6);
  order->order_ref = kasir_database_column_dup (stmt, 7);
  order->total = sqlite3_column_int64 (stmt, 8);
  order->opened_at = kasir_database_column_dup (stmt, 9);
  order->updated_at = kasir_database_column_dup (stmt, 10);
  order->paid = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 11), "paid") == 0;
  order->cart = kasir_database_column_dup (stmt, 12);
  order->sent = kasir_database_column_dup (stmt, 13);
  order->cancelled = sqlite3_column_int (stmt, 14) != 0;

  return order;
}

/* The orders @sql selects (one optional text parameter). */
static GPtrArray *
select_orders (KasirDatabase  *db,
               const char     *sql,
               const char     *param,
               GError        **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_open_order_free);
  sqlite3_stmt *stmt = kasir_database_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (param != NULL)
    kasir_database_bind_text (stmt, 1, param);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, read_order (stmt));
  kasir_database_stmt_done (stmt);
  if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (db, rc, "read open orders", error);
      return NULL;
    }

  return g_steal_pointer (&list);
}

GPtrArray *
kasir_open_order_repository_list (KasirOpenOrderRepository  *self,
                                  GError                   **error)
{
  g_return_val_if_fail (KASIR_IS_OPEN_ORDER_REPOSITORY (self), NULL);

  return select_orders (self->database,
                        "SELECT " ORDER_COLUMNS " FROM open_orders WHERE state = 'open' "
                        "AND cancelled_at IS NULL ORDER BY opened_at, order_id", NULL, error);
}

KasirOpenOrder *
kasir_open_order_repository_get (KasirOpenOrderRepository  *self,
                                 const char                *order_id,
                                 GError                   **error)
{
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (KASIR_IS_OPEN_ORDER_REPOSITORY (self), NULL);

  found = select_orders (self->database, "SELECT " ORDER_COLUMNS " FROM open_orders WHERE order_id = ?",
                         order_id != NULL ? order_id : "", error);
  if (found == NULL)
    return NULL;
  if (found->len == 0)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("There is no such open order"));
      return NULL;
    }
  return kasir_open_order_copy (found->pdata[0]);
}

static char *
items_text (GPtrArray *items)
{
  g_autoptr(JsonNode) node = kasir_kitchen_items_to_json (items);

  return kasir_protocol_to_string (node, NULL);
}

static GPtrArray *
items_from_text (const char  *text,
                 GError     **error)
{
  g_autoptr(JsonNode) node = text != NULL ? json_from_string (text, NULL) : NULL;
  g_autoptr(GError) local_error = NULL;
  GPtrArray *items = kasir_kitchen_items_from_json (node, &local_error);

  if (items == NULL)
    g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_CORRUPT,
                 _("The open order cannot be read: %s"), local_error->message);
  return items;
}

static gboolean
check_send (const KasirCart  *cart,
            const char       *label,
            GError          **error)
{
  if (cart == NULL || cart->lines->len == 0)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED,
                   _("An empty order cannot be sent"));
      return FALSE;
    }
  if (label != NULL && (!g_utf8_validate (label, -1, NULL) || g_utf8_strlen (label, -1) > LABEL_MAX_CHARS))
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_TOO_LONG,
                   _("The name of an order can be at most %d characters long"), LABEL_MAX_CHARS);
      return FALSE;
    }
  return TRUE;
}

/* The next ticket number of this till: its terminal number and a count. */
static char *
next_ticket_no (KasirDatabase  *db,
                GError        **error)
{
  gint64 terminal = 0;
  gint64 count = 0;

  if (!kasir_database_query_int64 (db, "SELECT terminal_id FROM sync_state WHERE id = 1", &terminal, error) ||
      !kasir_database_query_int64 (db, "SELECT COALESCE (MAX (id), 0) + 1 FROM open_order_tickets", &count, error))
    return NULL;
  return g_strdup_printf ("%" G_GINT64_FORMAT "-%04" G_GINT64_FORMAT, terminal, count);
}

typedef struct
{
  KasirCart        *cart;
  const char       *label;
  gint64            staff_id;
  const char       *staff_name;
  const char       *shift_id;
  KasirOpenOrder   *was;        /* NULL: a new order */
  GPtrArray        *sent;       /* all sent after this one */
  KasirOrderTicket *ticket;
} SendState;

static gboolean
write_order (KasirDatabase  *db,
             SendState      *s,
             const char     *cart_text,
             GError        **error)
{
  g_autofree char *sent_text = items_text (s->sent);
  g_autofree char *label = g_strstrip (g_strdup (s->label != NULL ? s->label : ""));
  sqlite3_stmt *stmt;

  if (s->was != NULL)
    {
      stmt = kasir_database_prepare (db, "UPDATE open_orders SET total = ?, cart = ?, sent = ?, "
                                         "updated_at = ? WHERE order_id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, s->cart->total);
      kasir_database_bind_text (stmt, 2, cart_text);
      kasir_database_bind_text (stmt, 3, sent_text);
      kasir_database_bind_text (stmt, 4, s->ticket->created_at);
      kasir_database_bind_text (stmt, 5, s->ticket->order_id);
      return kasir_database_step_done (db, stmt, "update open order", error);
    }
  stmt = kasir_database_prepare (db, "INSERT INTO open_orders (order_id, own, label, staff_id, "
                                     "staff_name, shift_id, order_type, order_ref, total, cart, sent, "
                                     "opened_at, updated_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                 error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, s->ticket->order_id);
  kasir_database_bind_text (stmt, 2, label);
  sqlite3_bind_int64 (stmt, 3, s->staff_id);
  kasir_database_bind_text (stmt, 4, s->staff_name != NULL ? s->staff_name : "");
  kasir_database_bind_text (stmt, 5, s->shift_id);
  kasir_database_bind_text (stmt, 6, s->cart->order_type);
  kasir_database_bind_text (stmt, 7, s->cart->order_ref);
  sqlite3_bind_int64 (stmt, 8, s->cart->total);
  kasir_database_bind_text (stmt, 9, cart_text);
  kasir_database_bind_text (stmt, 10, sent_text);
  kasir_database_bind_text (stmt, 11, s->ticket->created_at);
  kasir_database_bind_text (stmt, 12, s->ticket->created_at);
  return kasir_database_step_done (db, stmt, "insert open order", error);
}

static gboolean
write_ticket (KasirDatabase     *db,
              KasirOrderTicket  *ticket,
              GError           **error)
{
  g_autofree char *text = items_text (ticket->items);
  sqlite3_stmt *stmt;

  stmt = kasir_database_prepare (db, "INSERT INTO open_order_tickets (order_id, ticket_no, addition, "
                                     "items, created_at) VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, ticket->order_id);
  kasir_database_bind_text (stmt, 2, ticket->ticket_no);
  sqlite3_bind_int (stmt, 3, ticket->addition);
  kasir_database_bind_text (stmt, 4, text);
  kasir_database_bind_text (stmt, 5, ticket->created_at);
  return kasir_database_step_done (db, stmt, "insert kitchen ticket", error);
}

static JsonNode *
order_payload (SendState *s,
               JsonNode  *cart_node)
{
  KasirOrderSend send = {
    .order_id = s->ticket->order_id,
    .staff_id = s->staff_id,
    .shift_id = (char *) s->shift_id,
    .label = (char *) s->label,
    .order_type = s->cart->order_type,
    .order_ref = s->cart->order_ref,
    .ticket_no = s->ticket->ticket_no,
    .items = s->ticket->items,
    .cart = cart_node,
    .total = s->cart->total,
    .created_at = s->ticket->created_at,
  };

  return s->was != NULL ? kasir_protocol_encode_order_add (&send)
                        : kasir_protocol_encode_order_open (&send);
}

/* Everything of a send inside its transaction. */
static gboolean
send_in_transaction (KasirOpenOrderRepository  *self,
                     SendState                 *s,
                     GError                   **error)
{
  KasirDatabase *db = self->database;
  g_autoptr(JsonNode) cart_node = NULL;
  g_autoptr(JsonNode) payload = NULL;
  g_autofree char *cart_text = NULL;
  g_autofree char *saved_id = s->cart->open_order_id;
  sqlite3_stmt *stmt;

  s->ticket->ticket_no = next_ticket_no (db, error);
  if (s->ticket->ticket_no == NULL)
    return FALSE;
  /* The cart kept (and sent) names its order, so paying it later says which one. */
  s->cart->open_order_id = g_strdup (s->ticket->order_id);
  cart_node = kasir_cart_to_json (s->cart);
  g_free (s->cart->open_order_id);
  s->cart->open_order_id = g_steal_pointer (&saved_id);
  cart_text = kasir_protocol_to_string (cart_node, NULL);
  payload = order_payload (s, cart_node);

  if (!write_order (db, s, cart_text, error) || !write_ticket (db, s->ticket, error))
    return FALSE;
  if (kasir_outbox_repository_enqueue_in_transaction (self->outbox,
                                                      s->was != NULL ? KASIR_MUTATION_ORDER_ADD
                                                                     : KASIR_MUTATION_ORDER_OPEN,
                                                      s->ticket->order_id, payload, NULL, error) == 0)
    return FALSE;
  stmt = kasir_database_prepare (db, "DELETE FROM cart", error);
  return stmt != NULL && kasir_database_step_done (db, stmt, "clear cart", error);
}

KasirOrderTicket *
kasir_open_order_repository_send (KasirOpenOrderRepository  *self,
                                  KasirCart                 *cart,
                                  const char                *label,
                                  gint64                     staff_id,
                                  const char                *staff_name,
                                  const char                *shift_id,
                                  GError                   **error)
{
  g_autoptr(KasirOpenOrder) was = NULL;
  g_autoptr(GPtrArray) now = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  g_autoptr(KasirOrderTicket) ticket = g_new0 (KasirOrderTicket, 1);
  SendState s = { cart, label, staff_id, staff_name, shift_id, NULL, NULL, NULL };

  g_return_val_if_fail (KASIR_IS_OPEN_ORDER_REPOSITORY (self), NULL);

  if (!check_send (cart, label, error))
    return NULL;
  if (cart->open_order_id != NULL)
    {
      was = kasir_open_order_repository_get (self, cart->open_order_id, error);
      if (was == NULL)
        return NULL;
      if (was->paid || was->cancelled)
        {
          g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                               was->paid ? _("This order is paid already") : _("This order was cancelled"));
          return NULL;
        }
      sent = items_from_text (was->sent, error);
      if (sent == NULL)
        return NULL;
    }
  else
    sent = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_kitchen_item_free);

  now = kasir_kitchen_items_from_cart (cart);
  ticket->items = kasir_kitchen_items_added (now, sent);
  if (ticket->items->len == 0)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("Nothing new to send to the kitchen"));
      return NULL;
    }
  kasir_kitchen_items_merge (sent, ticket->items);
  ticket->order_id = was != NULL ? g_strdup (was->order_id) : kasir_uuid_new ();
  ticket->addition = was != NULL;
  ticket->created_at = kasir_now_rfc3339 ();
  s.was = was;
  s.sent = sent;
  s.ticket = ticket;
  if (was != NULL)
    s.label = was->label;

  if (!kasir_database_begin (self->database, error))
    return NULL;
  if (!send_in_transaction (self, &s, error))
    {
      kasir_database_rollback (self->database);
      return NULL;
    }
  if (!kasir_database_commit (self->database, error))
    return NULL;

  g_free (cart->open_order_id);
  cart->open_order_id = g_strdup (ticket->order_id);
  return g_steal_pointer (&ticket);
}

static gboolean
current_cart_busy (KasirDatabase  *db,
                   gboolean       *busy,
                   GError        **error)
{
  sqlite3_stmt *stmt = kasir_database_prepare (db, "SELECT json FROM cart WHERE id = 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  *busy = FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_autoptr(JsonNode) node = json_from_string ((const char *) sqlite3_column_text (stmt, 0), NULL);
      g_autoptr(KasirCart) current = node != NULL ? kasir_cart_from_json (node, NULL) : NULL;

      /* A current cart that cannot be read counts as a sale in progress. */
      *busy = current == NULL || current->lines->len > 0;
    }
  kasir_database_stmt_done (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      kasir_database_set_error (db, rc, "read cart", error);
      return FALSE;
    }
  return TRUE;
}

static KasirCart *
order_cart (const KasirOpenOrder  *order,
            GError               **error)
{
  g_autoptr(JsonNode) node = json_from_string (order->cart, NULL);
  g_autoptr(GError) local_error = NULL;
  KasirCart *cart = node != NULL ? kasir_cart_from_json (node, &local_error) : NULL;

  if (cart == NULL)
    {
      g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_CORRUPT,
                   _("The open order cannot be read: %s"),
                   local_error != NULL ? local_error->message : _("empty"));
      return NULL;
    }
  g_free (cart->open_order_id);
  cart->open_order_id = g_strdup (order->order_id);
  return cart;
}

KasirCart *
kasir_open_order_repository_take (KasirOpenOrderRepository  *self,
                                  const char                *order_id,
                                  gboolean                   online,
                                  GError                   **error)
{
  g_autoptr(KasirOpenOrder) order = NULL;
  g_autoptr(KasirCart) cart = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autofree char *now = kasir_now_rfc3339 ();
  gboolean busy = FALSE;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_OPEN_ORDER_REPOSITORY (self), NULL);

  order = kasir_open_order_repository_get (self, order_id, error);
  if (order == NULL)
    return NULL;
  if (order->paid || order->cancelled)
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE,
                           order->paid ? _("This order is paid already") : _("This order was cancelled"));
      return NULL;
    }
  if (!order->own && !online)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE,
                   _("This till is offline: only the orders sent from this till can be paid here. "
                     "Pay this one on the till that sent it, or once this till is back online."));
      return NULL;
    }
  if (!current_cart_busy (self->database, &busy, error))
    return NULL;
  if (busy)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE,
                   _("Finish or hold the sale in progress before taking an order"));
      return NULL;
    }
  cart = order_cart (order, error);
  if (cart == NULL)
    return NULL;
  node = kasir_cart_to_json (cart);
  text = kasir_protocol_to_string (node, NULL);
  stmt = kasir_database_prepare (self->database, "INSERT OR REPLACE INTO cart (id, json, updated_at) "
                                                 "VALUES (1, ?, ?)", error);
  if (stmt == NULL)
    return NULL;
  kasir_database_bind_text (stmt, 1, text);
  kasir_database_bind_text (stmt, 2, now);
  if (!kasir_database_step_done (self->database, stmt, "take open order", error))
    return NULL;

  return g_steal_pointer (&cart);
}

GPtrArray *
kasir_open_order_repository_tickets (KasirOpenOrderRepository  *self,
                                     const char                *order_id,
                                     GError                   **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_order_ticket_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KASIR_IS_OPEN_ORDER_REPOSITORY (self), NULL);

  stmt = kasir_database_prepare (self->database, "SELECT ticket_no, addition, items, created_at "
                                                 "FROM open_order_tickets WHERE order_id = ? ORDER BY id",
                                 error);
  if (stmt == NULL)
    return NULL;
  kasir_database_bind_text (stmt, 1, order_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(KasirOrderTicket) ticket = g_new0 (KasirOrderTicket, 1);

      ticket->order_id = g_strdup (order_id);
      ticket->ticket_no = kasir_database_column_dup (stmt, 0);
      ticket->addition = sqlite3_column_int (stmt, 1) != 0;
      ticket->items = items_from_text ((const char *) sqlite3_column_text (stmt, 2), error);
      ticket->created_at = kasir_database_column_dup (stmt, 3);
      if (ticket->items == NULL)
        {
          kasir_database_stmt_done (stmt);
          return NULL;
        }
      g_ptr_array_add (list, g_steal_pointer (&ticket));
    }
  kasir_database_stmt_done (stmt);
  if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (self->database, rc, "read kitchen tickets", error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

static gboolean
keep_listed (KasirDatabase   *db,
             KasirOpenOrder  *order,
             GError         **error)
{
  sqlite3_stmt *stmt;

  stmt = kasir_database_prepare (db, "INSERT OR IGNORE INTO open_orders (order_id, own, terminal_name, "
                                     "label, staff_id, staff_name, order_type, order_ref, total, cart, "
                                     "sent, opened_at, updated_at, state) "
                                     "VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, order->order_id);
  kasir_database_bind_text (stmt, 2, order->terminal_name != NULL ? order->terminal_name : "");
  kasir_database_bind_text (stmt, 3, order->label != NULL ? order->label : "");
  sqlite3_bind_int64 (stmt, 4, order->staff_id);
  kasir_database_bind_text (stmt, 5, order->staff_name != NULL ? order->staff_name : "");
  kasir_database_bind_text (stmt, 6, order->order_type);
  kasir_database_bind_text (stmt, 7, order->order_ref);
  sqlite3_bind_int64 (stmt, 8, order->total);
  kasir_database_bind_text (stmt, 9, order->cart);
  kasir_database_bind_text (stmt, 10, order->sent != NULL ? order->sent : "[]");
  kasir_database_bind_text (stmt, 11, order->opened_at);
  kasir_database_bind_text (stmt, 12, order->updated_at);
  kasir_database_bind_text (stmt, 13, order->paid ? "paid" : "open");
  if (!kasir_database_step_done (db, stmt, "keep listed order", error))
    return FALSE;
  if (order->cancelled)
    {
      /* Cancelled on the server (here or on another till): out of the list. */
      stmt = kasir_database_prepare (db, "UPDATE open_orders SET cancelled_at = "
                                         "COALESCE (cancelled_at, ?) WHERE order_id = ?", error);
      if (stmt == NULL)
        return FALSE;
      kasir_database_bind_text (stmt, 1, order->updated_at);
      kasir_database_bind_text (stmt, 2, order->order_id);
      return kasir_database_step_done (db, stmt, "mark order cancelled", error);
    }
  if (!order->paid)
    return TRUE;
  /* One of this till's orders that another till paid. */
  stmt = kasir_database_prepare (db, "UPDATE open_orders SET state = 'paid' WHERE order_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, order->order_id);
  return kasir_database_step_done (db, stmt, "mark order paid", error);
}

gboolean
kasir_open_order_repository_replace_listed (KasirOpenOrderRepository  *self,
                                            GPtrArray                 *orders,
                                            GError                   **error)
{
  KasirDatabase *db;

  g_return_val_if_fail (KASIR_IS_OPEN_ORDER_REPOSITORY (self), FALSE);
  g_return_val_if_fail (orders != NULL, FALSE);

  db = self->database;
  if (!kasir_database_begin (db, error))
    return FALSE;
  /* Another till's order is kept only while it is listed and this till has not paid it.
   * One cancelled here stays cancelled while the server, not told yet, still lists it. */
  if (!kasir_database_exec (db, "CREATE TEMP TABLE IF NOT EXISTS cancelled_here "
                                "(order_id TEXT PRIMARY KEY, at TEXT NOT NULL);"
                                "DELETE FROM cancelled_here;"
                                "INSERT INTO cancelled_here SELECT order_id, cancelled_at FROM open_orders "
                                "WHERE own = 0 AND state = 'open' AND cancelled_at IS NOT NULL;"
                                "DELETE FROM open_orders WHERE own = 0 AND state = 'open'", error))
    goto fail;
  for (guint i = 0; i < orders->len; i++)
    if (!keep_listed (db, orders->pdata[i], error))
      goto fail;
  if (!kasir_database_exec (db, "UPDATE open_orders SET cancelled_at = (SELECT at FROM cancelled_here c "
                                "WHERE c.order_id = open_orders.order_id) WHERE own = 0 AND "
                                "cancelled_at IS NULL AND order_id IN (SELECT order_id FROM cancelled_here)",
                            error))
    goto fail;
  return kasir_database_commit (db, error);

fail:
  kasir_database_rollback (db);
  return FALSE;
}
