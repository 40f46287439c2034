/* kasir-catalog-admin-repository.h — a manager keeps the catalog: products and categories.
 *
 * The back office's one way to write the catalog. Every value is checked before anything
 * is written: a name and SKU, a price in minor units >= 0, a tax rate of at most 100%, a
 * barcode a scanner can read (with the right check digit for EAN-8, UPC-A and EAN-13),
 * and no barcode or SKU that another product has already. A bad value fails the call
 * with KASIR_INPUT_ERROR naming the field, and nothing changes.
 *
 * A standalone till owns its catalog: a save writes the local rows, and a new product
 * gets the next local id. A till enrolled with a server edits through the server: a save
 * of an existing product also queues product.update (only the server's fields that
 * changed, against the local version) in the same transaction; a new product is only
 * queued as product.create (the server gives its id, and the product arrives with the
 * next pull: the save returns KASIR_CATALOG_ADMIN_QUEUED). A category made by a CSV
 * import on such a till is in the local catalog at once, pending, under the negative of
 * its category.upsert's seq, and products name it by its name until the server's
 * arrives. Every change there needs the approving manager's @staff_id. A barcode or SKU
 * another till took meanwhile is the server's to find: it raises a duplicate_code
 * conflict.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-models.h"
#include "kasir-database.h"

G_BEGIN_DECLS

/* A product with what the back office keeps beside the server's fields. */
typedef struct
{
  KasirProduct *product;     /* owned; id 0 for a product not saved yet */
  char         *unit;        /* "pcs", "kg"; NULL or blank: "pcs" */
  gboolean      track_stock;
  gint64        low_stock;   /* units at or below which stock is low; -1: shop default */
  gint64        stock;       /* this till's stock (read only; 0 when unknown) */
} KasirCatalogItem;

KasirCatalogItem *kasir_catalog_item_new  (void);
void              kasir_catalog_item_free (KasirCatalogItem *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirCatalogItem, kasir_catalog_item_free)

#define KASIR_TYPE_CATALOG_ADMIN_REPOSITORY (kasir_catalog_admin_repository_get_type ())

G_DECLARE_FINAL_TYPE (KasirCatalogAdminRepository, kasir_catalog_admin_repository, KASIR, CATALOG_ADMIN_REPOSITORY, GObject)

KasirCatalogAdminRepository *kasir_catalog_admin_repository_new (KasirDatabase *database);

/* What adding returns on an enrolled till: queued for the server, which gives the id
 * (the new row arrives with the next pull). Meanwhile the product is in the local
 * catalog, pending, with the negative of its product.create's outbox seq as its id: it
 * is listed and found, and cannot be sold until the server's arrives. */
#define KASIR_CATALOG_ADMIN_QUEUED ((gint64) -1)

/* Removes the pending products (id < 0) whose product.create has left the queue (the
 * server applied or refused it), and the pending categories whose category.upsert has
 * (a product that points to one then points to the server's category of that name): run
 * after a pull, which brought the server's. */
gboolean          kasir_catalog_admin_repository_drop_pending   (KasirDatabase                *database,
                                                                 GError                      **error);

/* The ids of the products whose product.update waits for the server (gint64* keys), for
 * a list to mark them; a pending product (id < 0) waits by itself. */
GHashTable       *kasir_catalog_admin_repository_list_waiting   (KasirCatalogAdminRepository  *self,
                                                                 GError                      **error);

/* Adds (product id 0) or changes a product, made or approved by the manager @staff_id;
 * see the top of this file. Returns the product's id (KASIR_CATALOG_ADMIN_QUEUED for a
 * new product on an enrolled till), or 0 with an error. */
gint64            kasir_catalog_admin_repository_save_product   (KasirCatalogAdminRepository  *self,
                                                                 const KasirCatalogItem       *item,
                                                                 gint64                        staff_id,
                                                                 GError                      **error);
/* NULL with KASIR_DATABASE_ERROR_NOT_FOUND when there is no such product. */
KasirCatalogItem *kasir_catalog_admin_repository_get_product    (KasirCatalogAdminRepository  *self,
                                                                 gint64                        product_id,
                                                                 GError                      **error);
/* Products whose name or SKU has a word starting with each word of @text (the full-text
 * index; NULL or blank: every product), of @category_id (0: any), archived ones when
 * @archived and active ones otherwise; at most @limit, by name. KasirCatalogItem*. */
GPtrArray        *kasir_catalog_admin_repository_list_products  (KasirCatalogAdminRepository  *self,
                                                                 const char                   *text,
                                                                 gint64                        category_id,
                                                                 gboolean                      archived,
                                                                 guint                         limit,
                                                                 GError                      **error);
/* Active counted products whose stock at this till is at or below their threshold (their
 * own, or @default_threshold when they have none), at most @limit, fewest first.
 * KasirCatalogItem*. */
GPtrArray        *kasir_catalog_admin_repository_list_low_stock (KasirCatalogAdminRepository  *self,
                                                                 gint64                        default_threshold,
                                                                 guint                         limit,
                                                                 GError                      **error);
/* An in-store EAN-13 (20…) that no product has yet. */
char             *kasir_catalog_admin_repository_new_barcode    (KasirCatalogAdminRepository  *self,
                                                                 GError                      **error);

/* Every product (archived ones too, with their state) as CSV in the columns the import
 * reads: sku, name, price, tax_rate, barcode, category, unit, archived. */
char             *kasir_catalog_admin_repository_export_csv     (KasirCatalogAdminRepository  *self,
                                                                 GError                      **error);

/* Categories, archived ones too, in the manager's order. KasirCategory*. */
GPtrArray        *kasir_catalog_admin_repository_list_categories (KasirCatalogAdminRepository *self,
                                                                  GError                     **error);
/* Categories change with @staff_id's approval (a manager); on an enrolled till the
 * change is also a category.upsert queued in the same transaction (a new one only
 * queued: KASIR_CATALOG_ADMIN_QUEUED). The order (move) is each till's own. */

/* A new category last in the order; returns its id or 0. Names are unique (ignoring
 * case) among active categories. */
gint64            kasir_catalog_admin_repository_add_category    (KasirCatalogAdminRepository *self,
                                                                  gint64                       staff_id,
                                                                  const char                  *name,
                                                                  GError                     **error);
gboolean          kasir_catalog_admin_repository_rename_category (KasirCatalogAdminRepository *self,
                                                                  gint64                       staff_id,
                                                                  gint64                       category_id,
                                                                  const char                  *name,
                                                                  GError                     **error);
/* Swaps @category_id with its neighbour before (@step -1) or after (@step 1) it. Moving
 * the first one up or the last one down changes nothing and succeeds. */
gboolean          kasir_catalog_admin_repository_move_category   (KasirCatalogAdminRepository *self,
                                                                  gint64                       category_id,
                                                                  int                          step,
                                                                  GError                     **error);
gboolean          kasir_catalog_admin_repository_archive_category (KasirCatalogAdminRepository *self,
                                                                   gint64                       staff_id,
                                                                   gint64                       category_id,
                                                                   gboolean                     archived,
                                                                   GError                     **error);

G_END_DECLS
