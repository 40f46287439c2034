/* kasir-kitchen-ticket.h — the ticket an order sends to the kitchen or the bar.
 *
 * Large type, no prices: the station, the ticket number and time, how the order is
 * served and its table or reference, who took it, then how many of what with each
 * item's options and note. A till has a second printer for tickets (its own choice, kept
 * apart from the receipt printer's), or one per station: the till's settings map a
 * category to a station ("Bar"), and items of other categories go to the kitchen.
 * Printed through the receipt printer (58/80 mm rolls, A4, or a PDF).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-catalog-repository.h"
#include "kasir-kitchen-item.h"
#include "kasir-receipt-printer.h"

G_BEGIN_DECLS

typedef struct
{
  const char *station;     /* NULL: the kitchen */
  const char *ticket_no;   /* e.g. "7-0003" */
  const char *created_at;  /* RFC 3339 */
  const char *order_type;  /* NULL or a code of kasir-order-type.h */
  const char *order_ref;   /* a table or a reference; may be NULL */
  const char *label;       /* the order's name or note; may be NULL */
  const char *staff;       /* who sent it; may be NULL */
  const char *till;        /* may be NULL */
  gboolean    addition;    /* items added to an order sent before */
  gboolean    reprint;
  const char *void_reason; /* non-NULL: the order was cancelled, and why (a VOID ticket) */
} KasirKitchenTicketOptions;

/* One station's share of an order. */
typedef struct
{
  char      *station;      /* NULL: the kitchen */
  GPtrArray *items;        /* KasirKitchenItem* */
} KasirKitchenBatch;

void kasir_kitchen_batch_free (KasirKitchenBatch *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirKitchenBatch, kasir_kitchen_batch_free)

/* Characters a ticket line holds on @width: fewer than a receipt's, so larger type. */
guint      kasir_kitchen_ticket_columns    (KasirReceiptWidth                width);
/* The ticket of @items (KasirKitchenItem*) in lines of at most @columns characters. */
char      *kasir_kitchen_ticket_build_text (GPtrArray                       *items,
                                            const KasirKitchenTicketOptions *options,
                                            guint                            columns);
/* @items split by station (KasirKitchenBatch*, the kitchen first, then the stations by
 * name): @stations is the till's map of category id to station name (GSettings
 * "kitchen-stations", a{xs}; NULL: everything to the kitchen), @catalog gives each
 * product's category (an item whose product it does not know goes to the kitchen). */
GPtrArray *kasir_kitchen_ticket_split      (GPtrArray                       *items,
                                            GVariant                        *stations,
                                            KasirCatalogRepository          *catalog);
/* A printer of ticket @text for @station (NULL: the kitchen), whose printer choice is
 * kept apart from the receipts' and from the other stations'. */
KasirReceiptPrinter *kasir_kitchen_ticket_new_printer (const char       *text,
                                                       const char       *station,
                                                       KasirReceiptWidth width);

G_END_DECLS
