/* kasir-customer-repository.h — the chain's customers as this terminal knows them.
 *
 * Customers arrive by pull. A customer made or edited at the till is saved with
 * kasir_customer_repository_save_edit(): the customer.upsert mutation is queued and, for a
 * customer the server already knows, the local copy is updated in the same transaction
 * so the till shows the edit at once. A new customer gets its server id through pull.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-models.h"
#include "kasir-protocol.h"
#include "kasir-database.h"

G_BEGIN_DECLS

#define KASIR_TYPE_CUSTOMER_REPOSITORY (kasir_customer_repository_get_type ())

G_DECLARE_FINAL_TYPE (KasirCustomerRepository, kasir_customer_repository, KASIR, CUSTOMER_REPOSITORY, GObject)

KasirCustomerRepository *kasir_customer_repository_new (KasirDatabase *database);

/* KasirCustomer*, each checked (id > 0, a name, points >= 0); one bad entry changes
 * nothing. Joins the caller's transaction. */
gboolean       kasir_customer_repository_upsert    (KasirCustomerRepository  *self,
                                                    GPtrArray                *customers,
                                                    GError                  **error);
/* NULL with KASIR_DATABASE_ERROR_NOT_FOUND when unknown. */
KasirCustomer *kasir_customer_repository_get       (KasirCustomerRepository  *self,
                                                    gint64                    customer_id,
                                                    GError                  **error);
/* Customers whose name starts with @text (case-insensitive for ASCII) or whose phone
 * number contains the digits typed (three or more; spaces, dashes, dots and brackets in
 * the stored number are ignored), by name, at most @limit. KasirCustomer*. */
GPtrArray     *kasir_customer_repository_search    (KasirCustomerRepository  *self,
                                                    const char               *text,
                                                    guint                     limit,
                                                    GError                  **error);
/* Queues @edit as customer.upsert (checked with the protocol codec first; a new customer
 * without a client_id gets one) and applies it to a known customer locally. Returns the
 * outbox seq, or 0 with an error. */
gint64         kasir_customer_repository_save_edit (KasirCustomerRepository  *self,
                                                    KasirEdit                *edit,
                                                    GError                  **error);

/* The member whose card carries @code, or NULL with KASIR_DATABASE_ERROR_NOT_FOUND. */
KasirCustomer *kasir_customer_repository_get_by_member_code (KasirCustomerRepository  *self,
                                                            const char               *code,
                                                            GError                  **error);
/* The customer this till made with @client_id (provisional or already the server's). */
KasirCustomer *kasir_customer_repository_get_by_client_id (KasirCustomerRepository  *self,
                                                          const char               *client_id,
                                                          GError                  **error);
/* The checks a new customer passes (a name; a phone of digits only; member code text),
 * each failure a KASIR_INPUT_ERROR a person can read at the field. */
gboolean       kasir_customer_repository_check_new (const char  *name,
                                                    const char  *phone,
                                                    const char  *member_code,
                                                    GError     **error);
/* Makes a customer at the till: customer.upsert with a new client id and a provisional
 * local row (negative id) in one transaction, so it can be attached at once. Pull later
 * replaces the row with the server's, and this till's sales follow. Empty @phone and
 * @member_code mean none. Returns the new customer, or NULL with nothing written. */
KasirCustomer *kasir_customer_repository_create    (KasirCustomerRepository  *self,
                                                    const char               *name,
                                                    const char               *phone,
                                                    const char               *member_code,
                                                    gint64                    staff_id,
                                                    GError                  **error);
/* Moves the till's known balance by @delta (after a sale: earned minus redeemed), never
 * below zero; pull brings the server's figure. Joins the caller's transaction. */
gboolean       kasir_customer_repository_add_points (KasirCustomerRepository  *self,
                                                     gint64                    customer_id,
                                                     gint64                    delta,
                                                     GError                  **error);

/* One of a customer's sales on this till. */
typedef struct
{
  char       *receipt_no;
  char       *created_at;
  KasirMoney  total;
  gint64      points_earned;
  gint64      points_redeemed;
} KasirCustomerSale;

/* The customer's sales on this till, newest first, at most @limit. KasirCustomerSale*. */
GPtrArray     *kasir_customer_repository_history   (KasirCustomerRepository  *self,
                                                    gint64                    customer_id,
                                                    guint                     limit,
                                                    GError                  **error);

G_END_DECLS
