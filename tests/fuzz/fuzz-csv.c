/* fuzz-csv.c — the catalog CSV importer (kasir_server_catalog_parse_csv). Rows it
 * accepts are written back as CSV (every field quoted) and must read back the same.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"
#include "kasir-server-catalog.h"

static void
append_field (GString    *out,
              const char *text,
              gboolean    last)
{
  g_string_append_c (out, '"');
  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append (out, last ? "\"\r\n" : "\",");
}

static char *
write_csv (GPtrArray *rows,
           gboolean   barcode,
           gboolean   category,
           gboolean   stock,
           gboolean   outlet)
{
  GString *out = g_string_new ("sku,name,price,tax_rate");

  if (barcode)
    g_string_append (out, ",barcode");
  if (category)
    g_string_append (out, ",category");
  if (stock)
    g_string_append (out, ",stock");
  if (outlet)
    g_string_append (out, ",outlet");
  g_string_append (out, "\n");

  for (guint i = 0; i < rows->len; i++)
    {
      const KasirServerImportRow *row = g_ptr_array_index (rows, i);
      g_autofree char *price = g_strdup_printf ("%" G_GINT64_FORMAT, row->price);
      g_autofree char *tax = g_strdup_printf ("%u.%02u", row->tax_rate_bp / 100,
                                              row->tax_rate_bp % 100);
      g_autofree char *qty = row->has_stock ? g_strdup_printf ("%" G_GINT64_FORMAT, row->stock)
                                            : g_strdup ("");
      g_autofree char *where = row->outlet_id != 0
                               ? g_strdup_printf ("%" G_GINT64_FORMAT, row->outlet_id)
                               : g_strdup ("");

      append_field (out, row->sku, FALSE);
      append_field (out, row->name, FALSE);
      append_field (out, price, FALSE);
      append_field (out, tax, !barcode && !category && !stock && !outlet);
      if (barcode)
        append_field (out, row->barcode, !category && !stock && !outlet);
      if (category)
        append_field (out, row->category, !stock && !outlet);
      if (stock)
        append_field (out, qty, !outlet);
      if (outlet)
        append_field (out, where, TRUE);
    }
  return g_string_free (out, FALSE);
}

static void
same_rows (GPtrArray  *a,
           GPtrArray  *b,
           const char *csv)
{
  if (a->len != b->len)
    fuzz_fail ("the written CSV has another number of rows", csv, NULL);
  for (guint i = 0; i < a->len; i++)
    {
      const KasirServerImportRow *x = g_ptr_array_index (a, i);
      const KasirServerImportRow *y = g_ptr_array_index (b, i);

      if (g_strcmp0 (x->sku, y->sku) != 0 || g_strcmp0 (x->name, y->name) != 0 ||
          g_strcmp0 (x->barcode, y->barcode) != 0 || g_strcmp0 (x->category, y->category) != 0 ||
          x->price != y->price || x->tax_rate_bp != y->tax_rate_bp ||
          x->has_barcode != y->has_barcode || x->has_category != y->has_category ||
          x->has_stock != y->has_stock || x->stock != y->stock || x->outlet_id != y->outlet_id)
        fuzz_fail ("a row reads back differently", csv, x->sku);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) rows2 = NULL;
  g_autofree char *csv = NULL;
  gboolean barcode = FALSE, category = FALSE, stock = FALSE, outlet = FALSE;

  rows = kasir_server_catalog_parse_csv ((const char *) data, size, &error);
  fuzz_check_contract ("kasir_server_catalog_parse_csv", rows, error);
  if (rows == NULL)
    return 0;

  for (guint i = 0; i < rows->len; i++)
    {
      const KasirServerImportRow *row = g_ptr_array_index (rows, i);

      if (row->sku == NULL || *row->sku == '\0' || row->name == NULL || *row->name == '\0' ||
          row->price < 0 || row->tax_rate_bp > 10000 ||
          (row->barcode != NULL && !kasir_server_barcode_is_valid (row->barcode)) ||
          (row->outlet_id != 0 && !row->has_stock) || row->outlet_id < 0)
        fuzz_fail ("the importer accepted a row that breaks its own rules", row->sku, row->name);
      barcode = row->has_barcode;
      category = row->has_category;
      stock = stock || row->has_stock;
      outlet = outlet || row->outlet_id != 0;
    }

  csv = write_csv (rows, barcode, category, stock, outlet);
  rows2 = kasir_server_catalog_parse_csv (csv, strlen (csv), &error2);
  fuzz_check_contract ("kasir_server_catalog_parse_csv", rows2, error2);
  if (rows2 == NULL)
    fuzz_fail ("the importer refuses the CSV written from rows it accepted", csv,
               error2->message);
  same_rows (rows, rows2, csv);
  return 0;
}
