/* kasir-sales-repository.h — committing and reading sales.
 *
 * kasir_sales_repository_commit_sale() is the one moment a sale becomes real: in ONE
 * transaction (committed with synchronous=FULL) it takes the next receipt number, writes
 * the sale, its lines and payments, lowers the local stock, appends the sale.create
 * mutation to the outbox and clears the saved cart. When it returns TRUE the sale is on
 * disk and queued for the server; when it returns FALSE nothing of it was kept — no
 * receipt number or outbox seq was used up.
 *
 * Receipt numbers are "<terminal id>-<at least 6 digits>", counted from 1 per terminal id
 * with no gaps. A terminal that is not enrolled yet has terminal id 0, so its receipts are
 * "0-000001", "0-000002", ...; after enrollment numbering starts again at 1 under the new
 * id, so a receipt number never repeats on one terminal.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-models.h"
#include "kasir-database.h"

G_BEGIN_DECLS

#define KASIR_TYPE_SALES_REPOSITORY (kasir_sales_repository_get_type ())

G_DECLARE_FINAL_TYPE (KasirSalesRepository, kasir_sales_repository, KASIR, SALES_REPOSITORY, GObject)

KasirSalesRepository *kasir_sales_repository_new (KasirDatabase *database);

/* Commits @sale as described above. The sale must pass kasir_sale_check_sums(); a NULL
 * sale_id or created_at is filled in, and receipt_no is always assigned here (any value
 * the caller put there is replaced). On failure @sale is left as it was given. */
gboolean   kasir_sales_repository_commit_sale      (KasirSalesRepository  *self,
                                                    KasirSale             *sale,
                                                    GError               **error);

/* The sale with its lines and payments, or NULL with KASIR_DATABASE_ERROR_NOT_FOUND. */
KasirSale *kasir_sales_repository_get_sale         (KasirSalesRepository  *self,
                                                    const char            *sale_id,
                                                    GError               **error);
KasirSale *kasir_sales_repository_get_by_receipt   (KasirSalesRepository  *self,
                                                    const char            *receipt_no,
                                                    GError               **error);
/* The newest sales first, with lines and payments. KasirSale*. */
GPtrArray *kasir_sales_repository_list_recent      (KasirSalesRepository  *self,
                                                    guint                  limit,
                                                    GError               **error);
gboolean   kasir_sales_repository_count            (KasirSalesRepository  *self,
                                                    gint64                *out_count,
                                                    GError               **error);

/* "7-000123". */
char      *kasir_sales_repository_format_receipt_no (gint64 terminal_id,
                                                     gint64 number);

G_END_DECLS
