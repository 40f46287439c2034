/* kasir-server-catalog.h — catalog CSV import and the demo data set.
 *
 * CSV format (UTF-8, comma-separated, RFC 4180 quoting, first row a header; column names
 * are matched without regard to case, in any order):
 *   sku       required, unique in the file; a known SKU updates that product
 *   name      required
 *   price     required, whole minor units of the currency (IDR: rupiah), >= 0
 *   tax_rate  required, percent with at most two decimals ("11", "11.5", "11%")
 *   barcode   optional; EAN-13, EAN-8 or UPC-A with a valid check digit
 *   category  optional; a category name, created when unknown
 *   stock     optional; the quantity on hand, set (not added)
 *   outlet    optional; an outlet id. With it, a row's stock goes to that outlet only;
 *             without it (column missing or cell empty) the stock applies to every outlet.
 * A column missing from the file leaves that field of an existing product as it is (an
 * empty barcode or category cell clears it). The import is all or nothing; an error
 * names the line and column.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-server-store.h"

G_BEGIN_DECLS

#define KASIR_SERVER_CATALOG_ERROR (kasir_server_catalog_error_quark ())

typedef enum
{
  KASIR_SERVER_CATALOG_ERROR_INVALID,
} KasirServerCatalogError;

GQuark     kasir_server_catalog_error_quark  (void);

/* KasirServerImportRow*, or NULL with an error naming "line N, column C". */
GPtrArray *kasir_server_catalog_parse_csv    (const char  *data,
                                              gsize        length,
                                              GError     **error);

/* TRUE if @code is 8, 12 or 13 digits with a valid GS1 check digit. */
gboolean   kasir_server_barcode_is_valid     (const char  *code);

/* The demo: 2 outlets, a chain catalog of more than 2,000 minimarket products generated
 * deterministically from word lists, stock per outlet, 3 staff per outlet (one manager)
 * with fresh random PINs, and 200 customers. @pin_lines gets one printable line per staff
 * member ("staff Siti Rahayu (manager, outlet 1) PIN 4821"); only the hashes go into
 * the returned data. */
KasirServerDemoData *kasir_server_demo_generate (GPtrArray  **pin_lines,
                                                 GError     **error);
void                 kasir_server_demo_data_free (KasirServerDemoData *demo);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirServerDemoData, kasir_server_demo_data_free)

G_END_DECLS
