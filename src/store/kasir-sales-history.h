/* kasir-sales-history.h — this till's sales, newest first, a page at a time.
 *
 * The history screen never loads all sales: it counts the sales a filter matches and
 * reads the page it shows (each row: time, receipt number, cashier, customer, total,
 * payment methods, and whether the sale reached the server). A receipt number typed in
 * full or scanned, or its start ("7-0001"), or only its number ("123" for "7-000123" on
 * till 7), reads one range of the receipt index; a date range uses the time index.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-database.h"
#include "kasir-models.h"

G_BEGIN_DECLS

typedef struct
{
  const char *receipt;      /* a receipt number or its start, or its number; NULL: any */
  const char *from;         /* RFC 3339, inclusive; NULL: open */
  const char *until;        /* RFC 3339, exclusive; NULL: open */
  gint64      staff_id;     /* 0: anyone */
  gint64      customer_id;  /* 0: anyone */
  int         method;       /* a KasirPaymentMethod, or -1 for any */
  const char *scanned;      /* a receipt number read back from a scanned barcode: the
                             * sale with it is found as well as @receipt's; NULL: none */
} KasirSalesFilter;

#define KASIR_SALES_FILTER_INIT { NULL, NULL, NULL, 0, 0, -1, NULL }

typedef enum
{
  KASIR_SALE_SYNC_PENDING,  /* not on the server yet */
  KASIR_SALE_SYNC_SYNCED,
  KASIR_SALE_SYNC_CONFLICT, /* the server raised a conflict not resolved yet */
} KasirSaleSyncState;

typedef struct
{
  char               *sale_id;
  char               *receipt_no;
  char               *created_at;
  char               *staff_name;    /* "" when unknown */
  char               *customer_name; /* "" for none */
  KasirMoney          total;
  char               *methods;       /* "cash", "card+cash" */
  KasirSaleSyncState  sync;
  gint64              row_id;        /* the sale's place in the newest-first order */
} KasirSaleSummary;

void      kasir_sale_summary_free     (KasirSaleSummary        *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirSaleSummary, kasir_sale_summary_free)

gboolean  kasir_sales_history_count   (KasirDatabase           *db,
                                       const KasirSalesFilter  *filter,
                                       gint64                  *out_count,
                                       GError                 **error);
/* The same count on a connection of its own (a worker thread's): @cancellable cancelled
 * stops the query between its steps, with G_IO_ERROR_CANCELLED. */
gboolean  kasir_sales_history_count_cancellable (KasirDatabase          *db,
                                                 const KasirSalesFilter *filter,
                                                 GCancellable           *cancellable,
                                                 gint64                 *out_count,
                                                 GError                **error);
/* Rows @offset to @offset + @limit - 1 of the newest-first list. KasirSaleSummary*. */
GPtrArray *kasir_sales_history_page   (KasirDatabase           *db,
                                       const KasirSalesFilter  *filter,
                                       guint                    offset,
                                       guint                    limit,
                                       GError                 **error);
/* The @limit rows that follow @after in the newest-first list of @filter: one range of
 * an index from @after's key on, however far down the list it is. */
GPtrArray *kasir_sales_history_page_after (KasirDatabase          *db,
                                           const KasirSalesFilter *filter,
                                           const KasirSaleSummary *after,
                                           guint                   limit,
                                           GError                **error);

/* Records that @staff_id reprinted @sale_id's receipt (as a copy) now. */
gboolean  kasir_sales_history_record_reprint (KasirDatabase  *db,
                                              const char     *sale_id,
                                              gint64          staff_id,
                                              GError        **error);
gboolean  kasir_sales_history_count_reprints (KasirDatabase  *db,
                                              const char     *sale_id,
                                              gint64         *out_count,
                                              GError        **error);

G_END_DECLS
