/* kasir-kitchen-item.h — what the kitchen is asked to make: an item of a kitchen ticket.
 *
 * A kitchen ticket lists items, not sale lines: no prices, only how many of what, with
 * the line's options (modifiers) and the cashier's note. An order sent twice (items added
 * later) gets a second ticket with only what was added since the first, which
 * kasir_kitchen_items_added() works out from what was sent already.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kasir-cart.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  product_id;
  char   *name;
  gint64  qty;        /* > 0 */
  char   *options;    /* the line's options as text ("less sugar, iced"); may be NULL */
  char   *note;       /* may be NULL */
} KasirKitchenItem;

KasirKitchenItem *kasir_kitchen_item_new  (gint64                  product_id,
                                           const char             *name,
                                           gint64                  qty,
                                           const char             *options,
                                           const char             *note);
KasirKitchenItem *kasir_kitchen_item_copy (const KasirKitchenItem *self);
void              kasir_kitchen_item_free (KasirKitchenItem       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirKitchenItem, kasir_kitchen_item_free)

/* The items of @cart, one per line (KasirKitchenItem*). */
GPtrArray *kasir_kitchen_items_from_cart (const KasirCart *cart);
/* What @now holds beyond @sent (both KasirKitchenItem*): per product, name, options and
 * note, the units above those sent. Units taken away since are not a ticket's business. */
GPtrArray *kasir_kitchen_items_added     (GPtrArray       *now,
                                          GPtrArray       *sent);
/* Merges @more into @into (what was sent, after a second ticket). */
void       kasir_kitchen_items_merge     (GPtrArray       *into,
                                          GPtrArray       *more);

/* Items as a JSON array and back (strict: FALSE and an error for a bad one). */
JsonNode  *kasir_kitchen_items_to_json   (GPtrArray       *items);
GPtrArray *kasir_kitchen_items_from_json (JsonNode        *node,
                                          GError         **error);

G_END_DECLS
