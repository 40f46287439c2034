/* kasir-open-order-repository.h — orders sent to the kitchen before they are paid.
 *
 * Sending the current cart makes it an open order (or adds to the open order it already
 * is): in one transaction the order's row (the whole cart, and what the kitchen was asked
 * for so far), the kitchen ticket of what is new, the outbox row (order.open or
 * order.add) and the saved current cart cleared. A crash at any moment keeps the order
 * whole or leaves it unsent in the current cart. Another till's open orders, as the
 * server lists them, are kept beside this till's until the next listing. Taking an open
 * order to the till puts its cart in the current cart; paying it (a sale naming the
 * order) marks it paid in the sale's own transaction.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-cart.h"
#include "kasir-database.h"
#include "kasir-kitchen-item.h"

G_BEGIN_DECLS

typedef struct
{
  char       *order_id;
  gboolean    own;            /* sent from this till */
  char       *terminal_name;  /* the till that sent it, for another till's */
  char       *label;
  gint64      staff_id;
  char       *staff_name;
  char       *order_type;
  char       *order_ref;
  KasirMoney  total;
  char       *opened_at;
  char       *updated_at;
  gboolean    paid;
  gboolean    cancelled;      /* order.cancel: out of the list, never paid */
  char       *cart;           /* the order as kasir_cart_to_json writes it */
  char       *sent;           /* the kitchen items sent so far, as JSON */
} KasirOpenOrder;

void            kasir_open_order_free (KasirOpenOrder *self);
KasirOpenOrder *kasir_open_order_copy (const KasirOpenOrder *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirOpenOrder, kasir_open_order_free)

typedef struct
{
  char       *order_id;
  char       *ticket_no;
  gboolean    addition;       /* items added to an order sent before */
  GPtrArray  *items;          /* KasirKitchenItem* */
  char       *created_at;
} KasirOrderTicket;

void kasir_order_ticket_free (KasirOrderTicket *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirOrderTicket, kasir_order_ticket_free)

#define KASIR_TYPE_OPEN_ORDER_REPOSITORY (kasir_open_order_repository_get_type ())

G_DECLARE_FINAL_TYPE (KasirOpenOrderRepository, kasir_open_order_repository, KASIR, OPEN_ORDER_REPOSITORY, GObject)

KasirOpenOrderRepository *kasir_open_order_repository_new (KasirDatabase *database);

/* Sends @cart (computed, with lines) to the kitchen: a new open order under @label (may
 * be NULL), or, when @cart is an open order already (cart->open_order_id), the items
 * added since it was last sent. Sets cart->open_order_id and returns the ticket to print;
 * NULL with an error and nothing changed when there is nothing new to send, on bad input,
 * or for an order already paid. */
KasirOrderTicket *kasir_open_order_repository_send    (KasirOpenOrderRepository  *self,
                                                       KasirCart                 *cart,
                                                       const char                *label,
                                                       gint64                     staff_id,
                                                       const char                *staff_name,
                                                       const char                *shift_id,
                                                       GError                   **error);
/* The orders not yet paid (KasirOpenOrder*), this till's and the others' last listed,
 * oldest first. */
GPtrArray        *kasir_open_order_repository_list    (KasirOpenOrderRepository  *self,
                                                       GError                   **error);
KasirOpenOrder   *kasir_open_order_repository_get     (KasirOpenOrderRepository  *self,
                                                       const char                *order_id,
                                                       GError                   **error);
/* Puts open order @order_id's cart in the (empty) current cart and returns it. Refused
 * (NULL, an error, nothing changed) over a sale in progress, for an order paid or
 * unknown, and for another till's order when @online is FALSE: offline, only this
 * till's own orders can be paid here. */
KasirCart        *kasir_open_order_repository_take    (KasirOpenOrderRepository  *self,
                                                       const char                *order_id,
                                                       gboolean                   online,
                                                       GError                   **error);
/* The tickets order @order_id printed on this till, first first (KasirOrderTicket*). */
GPtrArray        *kasir_open_order_repository_tickets (KasirOpenOrderRepository  *self,
                                                       const char                *order_id,
                                                       GError                   **error);
/* Keeps @orders (KasirOpenOrder*, the server's listing of the outlet's open orders) in
 * place of the other tills' ones listed before; one of this till's own orders the server
 * lists as paid (paid on another till) is marked paid here, one listed as cancelled is
 * cancelled here (kasir-open-order-cancel.h). */
gboolean          kasir_open_order_repository_replace_listed (KasirOpenOrderRepository *self,
                                                              GPtrArray                *orders,
                                                              GError                  **error);

G_END_DECLS
