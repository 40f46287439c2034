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

G_END_DECLS
