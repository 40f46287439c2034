/* kasir-open-order-cancel.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kasir-database-private.h"
#include "kasir-input-error.h"
#include "kasir-open-order-cancel.h"
#include "kasir-outbox-repository.h"
#include "kasir-protocol.h"

static gboolean
check_request (const KasirOpenOrder  *order,
               const char            *reason,
               gint64                 approved_by,
               gboolean               online,
               GError               **error)
{
  if (order->paid || order->cancelled)
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE,
                           order->paid ? _("This order is paid already: it cannot be cancelled")
                                       : _("This order was cancelled already"));
      return FALSE;
    }
  if (!order->own && !online)
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE,
                           _("This till is offline: only the orders sent from this till can be "
                             "cancelled here. Cancel this one on the till that sent it, or once "
                             "this till is back online."));
      return FALSE;
    }
  if (approved_by <= 0)
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED,
                           _("Cancelling an order needs a manager’s approval"));
      return FALSE;
    }
  if (reason[0] == '\0' || strchr (reason, '\n') != NULL)
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED,
                           _("Say in one line why the order is cancelled"));
      return FALSE;
    }
  if (!g_utf8_validate (reason, -1, NULL) || g_utf8_strlen (reason, -1) > KASIR_ORDER_CANCEL_REASON_MAX)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_TOO_LONG,
                   _("The reason can be at most %d characters long"), KASIR_ORDER_CANCEL_REASON_MAX);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_cancel (KasirDatabase           *db,
              const KasirOrderCancel  *cancel,
              GError                 **error)
{
  g_autoptr(KasirOutboxRepository) outbox = kasir_outbox_repository_new (db);
  g_autoptr(JsonNode) payload = kasir_protocol_encode_order_cancel (cancel);
  sqlite3_stmt *stmt;

  stmt = kasir_database_prepare (db, "UPDATE open_orders SET cancelled_at = ?, updated_at = ? "
                                     "WHERE order_id = ? AND state = 'open' AND cancelled_at IS NULL",
                                 error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, cancel->created_at);
  kasir_database_bind_text (stmt, 2, cancel->created_at);
  kasir_database_bind_text (stmt, 3, cancel->order_id);
  if (!kasir_database_step_done (db, stmt, "cancel open order", error))
    return FALSE;
  return kasir_outbox_repository_enqueue_in_transaction (outbox, KASIR_MUTATION_ORDER_CANCEL,
                                                         cancel->order_id, payload, NULL, error) != 0;
}

KasirOpenOrder *
kasir_open_order_cancel (KasirDatabase  *db,
                         const char     *order_id,
                         const char     *reason,
                         gint64          staff_id,
                         gint64          approved_by,
                         gboolean        online,
                         GError        **error)
{
  g_autoptr(KasirOpenOrderRepository) orders = NULL;
  g_autoptr(KasirOpenOrder) order = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *now = kasir_now_rfc3339 ();
  KasirOrderCancel cancel = { 0 };

  g_return_val_if_fail (KASIR_IS_DATABASE (db), NULL);

  orders = kasir_open_order_repository_new (db);
  trimmed = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  if (!kasir_database_begin (db, error))
    return NULL;
  order = kasir_open_order_repository_get (orders, order_id, error);
  if (order == NULL || !check_request (order, trimmed, approved_by, online, error))
    goto fail;
  cancel.order_id = order->order_id;
  cancel.staff_id = staff_id;
  cancel.approved_by = approved_by;
  cancel.reason = trimmed;
  cancel.created_at = now;
  if (!write_cancel (db, &cancel, error))
    goto fail;
  /* A failed commit rolls back by itself. */
  if (!kasir_database_commit (db, error))
    return NULL;
  return g_steal_pointer (&order);

fail:
  kasir_database_rollback (db);
  return NULL;
}
