/* kasir-conflict-fields.h — a conflict's values side by side, as the review shows them:
 * which fields, in what order, which differ, and the names a person reads instead of ids.
 * Used by kasir-conflict-repository.c (get_detail) only.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-conflict-repository.h"
#include "kasir-database.h"

G_BEGIN_DECLS

/* Every field any side of @c names (base, this terminal, server), one row each, sorted
 * by name; the sale reference and the other till's lines are left out (shown apart), an
 * open order's two names are one row. KasirConflictField*. */
GPtrArray  *kasir_conflict_fields_side_by_side (const KasirConflict *c);
/* The name this till knows the conflict's open order by ("Table 4"), or NULL: a person
 * reads that, not the order's id. */
char       *kasir_conflict_fields_order_label  (KasirDatabase       *db,
                                              const KasirConflict *c);

/* The text member @member of the JSON object @node, or NULL when @node is no object or
 * the member no string. */
const char *kasir_conflict_fields_string     (JsonNode            *node,
                                              const char          *member);

G_END_DECLS
