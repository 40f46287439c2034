/* kasir-receipt-printer.h — a sale's receipt as text and on paper.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kasir-models.h"

G_BEGIN_DECLS

/* The values of the GSettings key receipt-width. */
typedef enum
{
  KASIR_RECEIPT_WIDTH_58MM,
  KASIR_RECEIPT_WIDTH_80MM,
  KASIR_RECEIPT_WIDTH_A4,
} KasirReceiptWidth;

typedef struct
{
  const char *header;      /* shop name and address; may be NULL */
  const char *footer;      /* may be NULL */
  gboolean    synced;      /* FALSE: "Offline — will sync" */
  const char *cashier;     /* may be NULL */
  const char *till;        /* may be NULL */
  const char *customer;    /* the member on the sale; may be NULL */
} KasirReceiptOptions;

/* Characters a line of the receipt holds on @width. */
guint  kasir_receipt_width_columns (KasirReceiptWidth          width);

/* The receipt of @sale as lines of at most @columns characters, joined by newlines. */
char  *kasir_receipt_build_text    (const KasirSale           *sale,
                                    const KasirReceiptOptions *options,
                                    guint                      columns);

#define KASIR_TYPE_RECEIPT_PRINTER (kasir_receipt_printer_get_type ())

G_DECLARE_FINAL_TYPE (KasirReceiptPrinter, kasir_receipt_printer, KASIR, RECEIPT_PRINTER, GObject)

KasirReceiptPrinter *kasir_receipt_printer_new        (const KasirSale           *sale,
                                                       const KasirReceiptOptions *options,
                                                       KasirReceiptWidth          width);
/* A printer of receipt @text as built already (a refund's, say), with @barcode_digits
 * (nullable) drawn under it. */
KasirReceiptPrinter *kasir_receipt_printer_new_for_text (const char              *text,
                                                         const char              *barcode_digits,
                                                         KasirReceiptWidth        width);
/* A printer of a ticket's @text (a kitchen ticket) laid out in @columns characters on
 * @width, so fewer columns print larger type; the printer chosen for it is kept under
 * @settings_name (a file name without extension) and used without a dialog next time.
 * @job_name (nullable) names the print job. */
KasirReceiptPrinter *kasir_receipt_printer_new_for_ticket (const char            *text,
                                                           KasirReceiptWidth      width,
                                                           guint                  columns,
                                                           const char            *settings_name,
                                                           const char            *job_name);
/* Shows the print dialog (the cashier may pick "Print to File" for a PDF), with the
 * printer and paper chosen last time on this till; the choice made is kept for next
 * time. */
gboolean             kasir_receipt_printer_print      (KasirReceiptPrinter       *self,
                                                       GtkWindow                 *parent,
                                                       GError                   **error);
/* Writes the receipt as a PDF file at @path without a dialog. */
gboolean             kasir_receipt_printer_export_pdf (KasirReceiptPrinter       *self,
                                                       const char                *path,
                                                       GError                   **error);
guint                kasir_receipt_printer_get_n_pages (KasirReceiptPrinter      *self);

/* The printer and paper this till printed receipts with last (NULL: never), and keeping
 * a new choice; in the user's configuration directory, so per till. */
GtkPrintSettings    *kasir_receipt_printer_load_settings (void);
gboolean             kasir_receipt_printer_save_settings (GtkPrintSettings       *settings,
                                                          GError                **error);

G_END_DECLS
