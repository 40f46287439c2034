/* kasir-modifier-repository.h — the modifier groups of products, as pulled, and the
 * options chosen on sold lines.
 *
 * A pulled product carries all of its groups: writing it replaces them, unless a
 * manager's edit of them on this till is still on its way to the server (the till shows
 * its own edit until then). The options a line was sold with are kept with their names
 * and prices as sold, like the line's own.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-database.h"
#include "kasir-models.h"

G_BEGIN_DECLS

#define KASIR_TYPE_MODIFIER_REPOSITORY (kasir_modifier_repository_get_type ())

G_DECLARE_FINAL_TYPE (KasirModifierRepository, kasir_modifier_repository, KASIR, MODIFIER_REPOSITORY, GObject)

KasirModifierRepository *kasir_modifier_repository_new  (KasirDatabase            *database);

/* The groups product @product_id offers (KasirModifierGroup*, in order; empty: none). */
GPtrArray *kasir_modifier_repository_load_groups        (KasirModifierRepository  *self,
                                                         gint64                    product_id,
                                                         GError                  **error);
/* Fills product->modifier_groups (NULL when it has none). */
gboolean   kasir_modifier_repository_fill_product       (KasirModifierRepository  *self,
                                                         KasirProduct             *product,
                                                         GError                  **error);

/* A manager (@staff_id) sets the groups of product @product_id (KasirModifierGroup*, in
 * the order offered; empty: none), in one transaction. Each group is checked by the
 * back office's rules (kasir_modifier_group_check) and given ids where it has none
 * (kasir_modifier_groups_give_ids; @groups is not changed); a group that changed gets
 * the next version, as the server gives it. A standalone till keeps them; an enrolled
 * one also queues product.modifiers with the groups it had (the base), and shows its
 * edit until the server's comes with a pull. Nothing changed: nothing written or queued.
 * Bad input (a product not saved yet or unknown, a group the rules refuse, more groups
 * or options than allowed, no manager on an enrolled till) fails with KASIR_INPUT_ERROR
 * (or KASIR_DATABASE_ERROR_NOT_FOUND) and changes nothing. *out_seq (may be NULL): the
 * queued seq, or 0. */
gboolean   kasir_modifier_repository_save_groups        (KasirModifierRepository  *self,
                                                         gint64                    product_id,
                                                         GPtrArray                *groups,
                                                         gint64                    staff_id,
                                                         gint64                   *out_seq,
                                                         GError                  **error);

/* Used by the other repositories inside their own transactions. */

/* Replaces the groups of every product of @products (KasirProduct*) by the ones it
 * carries. A page of products without groups on a till without any costs one query. */
gboolean   kasir_modifier_store_replace_groups          (KasirDatabase            *db,
                                                         GPtrArray                *products,
                                                         GError                  **error);
/* Writes the options of line @line_no (from 1) of sale @sale_id. */
gboolean   kasir_modifier_store_write_line_options      (KasirDatabase            *db,
                                                         const char               *sale_id,
                                                         guint                     line_no,
                                                         GPtrArray                *options,
                                                         GError                  **error);
/* Reads the options of every line of @sale (whose lines are loaded, in order). */
gboolean   kasir_modifier_store_load_line_options       (KasirDatabase            *db,
                                                         KasirSale                *sale,
                                                         GError                  **error);

G_END_DECLS
