/* kasir-catalog-bulk-load.h — a till's first catalog, loaded with its indexes built once.
 *
 * Inserting 100,000 products one page at a time into a catalog that keeps three indexes
 * and a full-text index up to date costs most of the first pull's writing, and leaves
 * those indexes half-filled pages wide. So when the catalog is empty, the load sets the
 * indexes of the products table and the full-text triggers aside, and finishing builds
 * them in one sorted pass each and the full-text index from the whole table.
 *
 * While a load runs, search by name finds nothing new and SKU lookups scan the table:
 * only a till that has never had a catalog is in that state. A load cut short (a crash)
 * is finished when the database is next opened.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-database.h"

G_BEGIN_DECLS

/* When the catalog holds no product, sets its indexes aside and sets *@started; else (or
 * when a load is already running, which it then continues) changes nothing and sets
 * *@started as to whether a load is running now. Its own transaction. */
gboolean kasir_catalog_bulk_load_begin   (KasirDatabase  *db,
                                          gboolean       *started,
                                          GError        **error);
/* Builds what begin set aside, and the full-text index from the whole catalog, in one
 * transaction; nothing to do when no load runs. */
gboolean kasir_catalog_bulk_load_finish  (KasirDatabase  *db,
                                          GError        **error);
/* Finishes a load a crash cut short; called when the database is opened. */
gboolean kasir_catalog_bulk_load_recover (KasirDatabase  *db,
                                          GError        **error);
/* Whether a load runs (was begun and not finished). */
gboolean kasir_catalog_bulk_load_running (KasirDatabase  *db,
                                          gboolean       *running,
                                          GError        **error);

G_END_DECLS
