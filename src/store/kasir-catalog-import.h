/* kasir-catalog-import.h — a manager's product CSV, checked whole, then written whole.
 *
 * The file is read (at most 50 MB: a larger one is refused before it is parsed), its
 * first row taken as the header and each column mapped to a product field by its name
 * (sku, name, price, tax_rate or tax, barcode, category, unit; any case); the person can
 * change the mapping. SKU, name and price must be mapped. Then every row is checked
 * (price in whole minor units >= 0, tax rate a percentage, barcode with its check digit,
 * SKU and barcode unique in the file and in the catalog unless the SKU is the same
 * product) and every bad line is reported ("Line 5000: price: …"). Only a file without
 * errors is written, in one transaction: a known SKU updates that product, a new one is
 * added, an unknown category name is made.
 *
 * On a till enrolled with a server the same checks run, and the same transaction writes
 * the changes as mutations approved by a manager: a new SKU is queued as product.create
 * and shown at once as a pending product (kasir-catalog-admin-repository.h), a known SKU
 * whose row changes any of the product's fields is queued as product.update of only
 * those fields (an optional column the file does not have changes nothing), an unchanged
 * row queues nothing, and a new category is queued as category.upsert and shown at once
 * as a pending category. A row for a product that is itself still waiting for the server
 * is a problem of its line: import it again after the next sync.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-database.h"

G_BEGIN_DECLS

#define KASIR_CATALOG_IMPORT_MAX_BYTES (50 * 1024 * 1024)

typedef enum
{
  KASIR_IMPORT_FIELD_SKU,
  KASIR_IMPORT_FIELD_NAME,
  KASIR_IMPORT_FIELD_PRICE,
  KASIR_IMPORT_FIELD_TAX_RATE,
  KASIR_IMPORT_FIELD_BARCODE,
  KASIR_IMPORT_FIELD_CATEGORY,
  KASIR_IMPORT_FIELD_UNIT,
  /* Whether the product is on sale: yes/ya/1/active/aktif, or no/tidak/0/archived/arsip;
   * blank or no column: an archived product stays archived, a new one is active. */
  KASIR_IMPORT_FIELD_ACTIVE,
  /* The same the other way round (the export's "archived" column: 1 archived, 0 not). */
  KASIR_IMPORT_FIELD_ARCHIVED,
  KASIR_IMPORT_N_FIELDS
} KasirImportField;

typedef struct _KasirCatalogImport KasirCatalogImport;

/* The field's name as a person reads it ("Price"). */
const char         *kasir_import_field_label        (KasirImportField     field);
gboolean            kasir_import_field_required     (KasirImportField     field);

/* Reads the CSV; NULL with KASIR_INPUT_ERROR for a file over the limit, one that is not
 * CSV, or one without rows under its header. */
KasirCatalogImport *kasir_catalog_import_new        (const char          *data,
                                                     gsize                length,
                                                     GError             **error);
/* Reads @file, refusing one over the limit by its size before reading it. */
KasirCatalogImport *kasir_catalog_import_new_for_file (GFile             *file,
                                                       GError           **error);
void                kasir_catalog_import_free       (KasirCatalogImport  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirCatalogImport, kasir_catalog_import_free)

/* The header's column names (NULL-terminated, owned by @self). */
const char * const *kasir_catalog_import_get_columns (KasirCatalogImport *self);
guint               kasir_catalog_import_get_n_rows  (KasirCatalogImport *self);
/* Row @index under the header (fields, NULL-terminated; owned by @self). */
const char * const *kasir_catalog_import_get_row     (KasirCatalogImport *self,
                                                      guint               index);
/* The column of @field, -1 when not mapped. */
int                 kasir_catalog_import_get_mapping (KasirCatalogImport *self,
                                                      KasirImportField    field);
void                kasir_catalog_import_set_mapping (KasirCatalogImport *self,
                                                      KasirImportField    field,
                                                      int                 column);

/* What an import wrote. */
typedef struct
{
  guint    added;       /* products with a new SKU */
  guint    changed;     /* known products: rewritten (standalone) or with a change queued */
  guint    unchanged;   /* enrolled: known products the file does not change */
  guint    categories;  /* categories made */
  gboolean queued;      /* enrolled: they reach the server with the next sync */
} KasirImportSummary;

/* Checks every row against @database's catalog and, when none is wrong, writes them all
 * in one transaction; on an enrolled till every mutation names the approving manager
 * @staff_id (required there; ignored standalone). Returns the number of products written
 * (added and changed), with @out_summary (may be NULL) filled, or -1 with @error (a
 * summary) and, when rows were wrong, @out_problems (char*, one per bad line, at most
 * 100, in line order); nothing is written and nothing queued then. */
gint64              kasir_catalog_import_apply       (KasirCatalogImport *self,
                                                      KasirDatabase      *database,
                                                      gint64              staff_id,
                                                      KasirImportSummary *out_summary,
                                                      GPtrArray         **out_problems,
                                                      GError            **error);

G_END_DECLS
