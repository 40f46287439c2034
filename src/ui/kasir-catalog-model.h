/* kasir-catalog-model.h — the catalog as a lazy list for the product grid.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-catalog-repository.h"

G_BEGIN_DECLS

#define KASIR_TYPE_CATALOG_ITEM (kasir_catalog_item_get_type ())

G_DECLARE_FINAL_TYPE (KasirCatalogItem, kasir_catalog_item, KASIR, CATALOG_ITEM, GObject)

/* One product of the grid with its stock at this outlet. An item at one of the first
 * KASIR_CATALOG_MODEL_SEARCH_LIMIT positions is reused for whatever product the list
 * holds there next, and emits ::changed when it is; a widget showing it listens. */
const KasirProduct *kasir_catalog_item_get_product     (KasirCatalogItem *self);
/* FALSE when the terminal knows no stock figure for the product. */
gboolean            kasir_catalog_item_get_stock_known (KasirCatalogItem *self);
gint64              kasir_catalog_item_get_stock       (KasirCatalogItem *self);

#define KASIR_TYPE_CATALOG_MODEL (kasir_catalog_model_get_type ())

G_DECLARE_FINAL_TYPE (KasirCatalogModel, kasir_catalog_model, KASIR, CATALOG_MODEL, GObject)

/* The most products a search shows; the cashier types more to narrow it. */
#define KASIR_CATALOG_MODEL_SEARCH_LIMIT 200

/* A GListModel of KasirCatalogItem. Browsing knows only the count up front and reads
 * pages of products when the grid asks for them, keeping recent pages; searching holds
 * the (bounded) results. @outlet_id 0: stock is not shown. */
KasirCatalogModel *kasir_catalog_model_new          (KasirCatalogRepository  *repository,
                                                     gint64                   outlet_id);
/* Browses one category (0: every product). Leaves search mode. */
void               kasir_catalog_model_set_category (KasirCatalogModel       *self,
                                                     gint64                   category_id);
/* Shows the products matching @text; NULL or blank text returns to browsing. */
void               kasir_catalog_model_set_search   (KasirCatalogModel       *self,
                                                     const char              *text);
const char        *kasir_catalog_model_get_search   (KasirCatalogModel       *self);
/* Drops every cached page and re-reads the count, e.g. after a sale lowered stock or a
 * pull changed the catalog. */
void               kasir_catalog_model_reload       (KasirCatalogModel       *self);
/* How many pages were read from the database since creation (for tests). */
guint              kasir_catalog_model_get_pages_read (KasirCatalogModel     *self);

G_END_DECLS
