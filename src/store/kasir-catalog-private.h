/* kasir-catalog-private.h — what the catalog's repositories share inside src/store.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "kasir-models.h"

G_BEGIN_DECLS

/* The full-text query for what a person typed (every word a prefix term), or NULL when
 * nothing searchable is left; see kasir-catalog-repository.c. */
char *kasir_catalog_match_query (const char *text);

/* The columns a product is read from, in the order kasir_catalog_product_from_row wants
 * them, for a query on "products p". */
#define KASIR_CATALOG_PRODUCT_COLUMNS "p.id, p.sku, p.barcode, p.name, p.price, " \
                                      "p.price_version, p.tax_rate_bp, p.category_id, " \
                                      "p.archived, p.version"
#define KASIR_CATALOG_PRODUCT_N_COLUMNS 10

/* A product from the current row of a statement selecting KASIR_CATALOG_PRODUCT_COLUMNS
 * first. */
KasirProduct *kasir_catalog_product_from_row (sqlite3_stmt *stmt);

G_END_DECLS
