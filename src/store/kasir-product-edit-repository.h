/* kasir-product-edit-repository.h — a manager's product edits on the till, offline too.
 *
 * An edit is optimistic: the local copy changes at once, and in the same transaction a
 * mutation is queued for the server. A product edit is a product.update carrying the
 * local copy's version as base_version; the server merges it three-way, and when the
 * same field changed there too it keeps its own value and opens a concurrent_edit
 * conflict, which the next pull brings (with the server's values) to the review dialog.
 * A stock change is a delta with a reason (stock.adjust), never an absolute figure, so
 * that two tills counting at once add up instead of overwriting each other.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "kasir-models.h"
#include "kasir-database.h"

G_BEGIN_DECLS

#define KASIR_TYPE_PRODUCT_EDIT_REPOSITORY (kasir_product_edit_repository_get_type ())

G_DECLARE_FINAL_TYPE (KasirProductEditRepository, kasir_product_edit_repository, KASIR, PRODUCT_EDIT_REPOSITORY, GObject)

KasirProductEditRepository *kasir_product_edit_repository_new (KasirDatabase *database);

/* Queues product.update {product_id, base_version = local version, staff_id, fields},
 * made or approved by the manager @staff_id, and applies
 * "name" and "price" to the local copy, in one transaction. @fields is an object of
 * product.update fields (name, price, barcode, sku, tax_rate_bp, category_id, archived);
 * it is checked by the protocol codec first (KASIR_INPUT_ERROR, nothing
 * changed). Returns the outbox seq, or 0 with an error. */
gint64 kasir_product_edit_repository_update       (KasirProductEditRepository  *self,
                                                   gint64                       product_id,
                                                   JsonNode                    *fields,
                                                   gint64                       staff_id,
                                                   GError                     **error);
/* A price change: the same with fields {"price": @price}; @price >= 0, minor units. */
gint64 kasir_product_edit_repository_set_price    (KasirProductEditRepository  *self,
                                                   gint64                       product_id,
                                                   KasirMoney                   price,
                                                   gint64                       staff_id,
                                                   GError                     **error);
/* Adds @delta (non-zero) to this outlet's stock and queues stock.adjust with @reason
 * (required, not blank), in one transaction. The till must be enrolled. */
gint64 kasir_product_edit_repository_adjust_stock (KasirProductEditRepository  *self,
                                                   gint64                       product_id,
                                                   gint64                       delta,
                                                   const char                  *reason,
                                                   gint64                       staff_id,
                                                   GError                     **error);

G_END_DECLS
