/* kasir-catalog-private.h — what the catalog's repositories share inside src/store.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The full-text query for what a person typed (every word a prefix term), or NULL when
 * nothing searchable is left; see kasir-catalog-repository.c. */
char *kasir_catalog_match_query (const char *text);

G_END_DECLS
