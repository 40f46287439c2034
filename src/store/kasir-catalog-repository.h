/* kasir-catalog-repository.h — products, categories, barcodes and stock on the terminal.
 *
 * The catalog is the server's: pull pages arrive through the upsert and delete calls,
 * which join the caller's transaction (kasir_database_begin) so a page and its cursor
 * commit together, or run in one transaction of their own. The till reads it through
 * search (name words as prefixes), exact barcode/SKU lookup and paged listing.
 * Archived products are kept (old sales and conflicts refer to them) but never offered by
 * search, lookup_code or listing.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-models.h"
#include "kasir-database.h"

G_BEGIN_DECLS

#define KASIR_TYPE_CATALOG_REPOSITORY (kasir_catalog_repository_get_type ())

G_DECLARE_FINAL_TYPE (KasirCatalogRepository, kasir_catalog_repository, KASIR, CATALOG_REPOSITORY, GObject)

KasirCatalogRepository *kasir_catalog_repository_new (KasirDatabase *database);

/* Inserts or replaces every product (KasirProduct*) in one transaction. Every product is
 * checked first (id > 0, non-empty name and SKU, price >= 0, tax 0..10000 bp, a barcode
 * of 1-64 ASCII letters, digits or dashes); one bad product fails the call and nothing is
 * written. A product's barcode is also entered in the barcode table (replacing its
 * previous primary one). */
gboolean   kasir_catalog_repository_upsert_products   (KasirCatalogRepository  *self,
                                                       GPtrArray               *products,
                                                       GError                 **error);
gboolean   kasir_catalog_repository_delete_product    (KasirCatalogRepository  *self,
                                                       gint64                   product_id,
                                                       GError                 **error);
/* KasirCategory*. */
gboolean   kasir_catalog_repository_upsert_categories (KasirCatalogRepository  *self,
                                                       GPtrArray               *categories,
                                                       GError                 **error);
gboolean   kasir_catalog_repository_delete_category   (KasirCatalogRepository  *self,
                                                       gint64                   category_id,
                                                       GError                 **error);
/* KasirStock*: the quantity replaces the local one. */
gboolean   kasir_catalog_repository_upsert_stock      (KasirCatalogRepository  *self,
                                                       GPtrArray               *stock,
                                                       GError                 **error);
/* Changes this outlet's stock of @product_id by @delta (non-zero) and queues the
 * stock.adjust mutation with @reason and the approving manager @staff_id, in one
 * transaction. The terminal must be enrolled
 * (it needs its outlet id). Returns the outbox seq, or 0 with an error. */
gint64     kasir_catalog_repository_adjust_stock      (KasirCatalogRepository  *self,
                                                       gint64                   product_id,
                                                       gint64                   delta,
                                                       const char              *reason,
                                                       gint64                   staff_id,
                                                       GError                 **error);
/* An extra code (a second barcode, a supplier code) that finds @product_id. */
gboolean   kasir_catalog_repository_add_barcode       (KasirCatalogRepository  *self,
                                                       gint64                   product_id,
                                                       const char              *code,
                                                       GError                 **error);

/* NULL with KASIR_DATABASE_ERROR_NOT_FOUND when there is no such product (archived ones
 * included). */
KasirProduct *kasir_catalog_repository_get_product    (KasirCatalogRepository  *self,
                                                       gint64                   product_id,
                                                       GError                 **error);
/* Exact match on any barcode of a product, then on the SKU; surrounding white space is
 * ignored. NULL with NOT_FOUND when nothing matches (or only archived products do). */
KasirProduct *kasir_catalog_repository_lookup_code    (KasirCatalogRepository  *self,
                                                       const char              *code,
                                                       GError                 **error);
KasirProduct *kasir_catalog_repository_lookup_barcode (KasirCatalogRepository  *self,
                                                       const char              *barcode,
                                                       GError                 **error);
KasirProduct *kasir_catalog_repository_lookup_sku     (KasirCatalogRepository  *self,
                                                       const char              *sku,
                                                       GError                 **error);

/* Products whose name or SKU has a word starting with each word typed, at most @limit,
 * sorted by name. When more than @limit products match, the ones returned are the first
 * @limit by id (the full-text index order), so a broad query stays fast; the cashier types
 * more to narrow it. Any text is safe: only letters and digits reach the full-text query.
 * Text with no letters or digits gives an empty array. KasirProduct*. */
GPtrArray *kasir_catalog_repository_search            (KasirCatalogRepository  *self,
                                                       const char              *text,
                                                       guint                    limit,
                                                       GError                 **error);

/* Active products, optionally of one category (@category_id 0: all), in name order. */
gboolean   kasir_catalog_repository_count_products    (KasirCatalogRepository  *self,
                                                       gint64                   category_id,
                                                       guint                   *out_count,
                                                       GError                 **error);
GPtrArray *kasir_catalog_repository_list_products     (KasirCatalogRepository  *self,
                                                       gint64                   category_id,
                                                       guint                    offset,
                                                       guint                    limit,
                                                       GError                 **error);
/* Active categories in name order. KasirCategory*. */
GPtrArray *kasir_catalog_repository_list_categories   (KasirCatalogRepository  *self,
                                                       GError                 **error);
/* As get_stock, and whether the till knows the product's stock at all (*out_known,
 * may be NULL). */
gboolean   kasir_catalog_repository_find_stock        (KasirCatalogRepository  *self,
                                                       gint64                   product_id,
                                                       gint64                   outlet_id,
                                                       gboolean                *out_known,
                                                       gint64                  *out_qty,
                                                       GError                 **error);
/* 0 when no stock row is known. */
gboolean   kasir_catalog_repository_get_stock         (KasirCatalogRepository  *self,
                                                       gint64                   product_id,
                                                       gint64                   outlet_id,
                                                       gint64                  *out_qty,
                                                       GError                 **error);

G_END_DECLS
