/* kasir-catalog-admin-private.h — the back office's product writes, for the other
 * catalog writers inside src/store (the CSV import): each runs inside the caller's
 * transaction.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-catalog-admin-repository.h"

G_BEGIN_DECLS

/* The outlet the till is enrolled with, 0 for a standalone till, -1 with @error. */
gint64   kasir_catalog_admin_enrolled_outlet (KasirDatabase                *db,
                                              GError                      **error);
/* Queues product.update of the server's fields of @now_item that differ from the stored
 * product (against its version), approved by the manager @staff_id; *queued: something
 * changed and was queued. A category made here and not on the server yet (negative id)
 * is sent by its name. */
gboolean kasir_catalog_admin_queue_update    (KasirCatalogAdminRepository  *self,
                                              const KasirCatalogItem       *now_item,
                                              gint64                        staff_id,
                                              gboolean                     *queued,
                                              GError                      **error);
/* Queues product.create with every field of @item the server keeps; *seq: its outbox
 * seq (the pending product's id is its negative). */
gboolean kasir_catalog_admin_queue_create    (KasirCatalogAdminRepository  *self,
                                              const KasirCatalogItem       *item,
                                              gint64                        staff_id,
                                              gint64                       *seq,
                                              GError                      **error);
/* Writes @item as product @id: a new row when the item's product id is 0, else over the
 * stored one (keeping its server version). */
gboolean kasir_catalog_admin_write_item      (KasirDatabase                *db,
                                              const KasirCatalogItem       *item,
                                              gint64                        id,
                                              GError                      **error);
/* Queues category.upsert of @category_id (0: new) when the till is enrolled; nothing on a
 * standalone till. *queued: its outbox seq, 0 when nothing was queued. */
gboolean kasir_catalog_admin_queue_category  (KasirCatalogAdminRepository  *self,
                                              gint64                        category_id,
                                              gint64                        staff_id,
                                              const char                   *name,
                                              gboolean                      archived,
                                              gint64                       *queued,
                                              GError                      **error);

G_END_DECLS
