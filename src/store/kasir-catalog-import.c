/* kasir-catalog-import.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n.h>

#include "kasir-barcode.h"
#include "kasir-csv.h"
#include "kasir-input-error.h"
#include "kasir-models.h"
#include "kasir-catalog-import.h"
#include "kasir-catalog-admin-private.h"
#include "kasir-catalog-repository.h"
#include "kasir-database-private.h"

#define MAX_PROBLEMS 100
#define MAX_UNIT_CHARS 16

struct _KasirCatalogImport
{
  char      **columns;
  GPtrArray  *rows;                            /* KasirCsvRow*, under the header */
  int         mapping[KASIR_IMPORT_N_FIELDS];
};

static const struct
{
  const char *label;
  const char *names[3];   /* header names that map to the field by themselves */
  gboolean    required;
} fields[KASIR_IMPORT_N_FIELDS] = {
  [KASIR_IMPORT_FIELD_SKU] = { N_("SKU"), { "sku", "kode" }, TRUE },
  [KASIR_IMPORT_FIELD_NAME] = { N_("Name"), { "name", "nama" }, TRUE },
  [KASIR_IMPORT_FIELD_PRICE] = { N_("Price"), { "price", "harga" }, TRUE },
  [KASIR_IMPORT_FIELD_TAX_RATE] = { N_("Tax rate"), { "tax_rate", "tax", "pajak" }, FALSE },
  [KASIR_IMPORT_FIELD_BARCODE] = { N_("Barcode"), { "barcode" }, FALSE },
  [KASIR_IMPORT_FIELD_CATEGORY] = { N_("Category"), { "category", "kategori" }, FALSE },
  [KASIR_IMPORT_FIELD_UNIT] = { N_("Unit"), { "unit", "satuan" }, FALSE },
  [KASIR_IMPORT_FIELD_ACTIVE] = { N_("Active"), { "active", "aktif" }, FALSE },
  [KASIR_IMPORT_FIELD_ARCHIVED] = { N_("Archived"), { "archived", "arsip" }, FALSE },
};

const char *
kasir_import_field_label (KasirImportField field)
{
  g_return_val_if_fail (field < KASIR_IMPORT_N_FIELDS, NULL);
  return _(fields[field].label);
}

gboolean
kasir_import_field_required (KasirImportField field)
{
  g_return_val_if_fail (field < KASIR_IMPORT_N_FIELDS, FALSE);
  return fields[field].required;
}

void
kasir_catalog_import_free (KasirCatalogImport *self)
{
  if (self == NULL)
    return;
  g_strfreev (self->columns);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_free (self);
}

static gboolean
too_large (goffset   size,
           GError  **error)
{
  if (size <= KASIR_CATALOG_IMPORT_MAX_BYTES)
    return FALSE;
  g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_TOO_LONG,
               _("The file is %" PRId64 " MB; a product file can be at most %d MB"),
               (size + 1024 * 1024 - 1) / (1024 * 1024), KASIR_CATALOG_IMPORT_MAX_BYTES / (1024 * 1024));
  return TRUE;
}

KasirCatalogImport *
kasir_catalog_import_new (const char  *data,
                          gsize        length,
                          GError     **error)
{
  g_autoptr(KasirCatalogImport) self = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  KasirCsvRow *header;

  if (too_large ((goffset) length, error))
    return NULL;
  rows = kasir_csv_parse (data, length, error);
  if (rows == NULL)
    return NULL;
  if (rows->len < 2)
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED,
                           _("The file needs a header row and at least one product"));
      return NULL;
    }

  self = g_new0 (KasirCatalogImport, 1);
  header = rows->pdata[0];
  self->columns = g_steal_pointer (&header->fields);
  g_ptr_array_remove_index (rows, 0);
  self->rows = g_steal_pointer (&rows);
  for (guint f = 0; f < KASIR_IMPORT_N_FIELDS; f++)
    {
      self->mapping[f] = -1;
      for (guint c = 0; self->columns[c] != NULL && self->mapping[f] < 0; c++)
        {
          g_autofree char *name = g_ascii_strdown (g_strstrip (self->columns[c]), -1);

          for (guint n = 0; n < G_N_ELEMENTS (fields[f].names) && fields[f].names[n] != NULL; n++)
            if (g_str_equal (name, fields[f].names[n]))
              self->mapping[f] = (int) c;
        }
    }

  return g_steal_pointer (&self);
}

KasirCatalogImport *
kasir_catalog_import_new_for_file (GFile   *file,
                                   GError **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL || too_large (g_file_info_get_size (info), error))
    return NULL;
  if (!g_file_load_contents (file, NULL, &data, &length, NULL, error))
    return NULL;
  return kasir_catalog_import_new (data, length, error);
}

const char * const *
kasir_catalog_import_get_columns (KasirCatalogImport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->columns;
}

guint
kasir_catalog_import_get_n_rows (KasirCatalogImport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->rows->len;
}

const char * const *
kasir_catalog_import_get_row (KasirCatalogImport *self,
                              guint               index)
{
  g_return_val_if_fail (self != NULL && index < self->rows->len, NULL);
  return (const char * const *) ((KasirCsvRow *) self->rows->pdata[index])->fields;
}

int
kasir_catalog_import_get_mapping (KasirCatalogImport *self,
                                  KasirImportField    field)
{
  g_return_val_if_fail (self != NULL && field < KASIR_IMPORT_N_FIELDS, -1);
  return self->mapping[field];
}

void
kasir_catalog_import_set_mapping (KasirCatalogImport *self,
                                  KasirImportField    field,
                                  int                 column)
{
  g_return_if_fail (self != NULL && field < KASIR_IMPORT_N_FIELDS);
  g_return_if_fail (column >= -1 && column < (int) g_strv_length (self->columns));
  self->mapping[field] = column;
}

/* ---- Checking ---- */

/* The cell of @field in @row, stripped; "" when unmapped or missing. */
static char *
cell (KasirCatalogImport *self,
      const KasirCsvRow  *row,
      KasirImportField    field)
{
  int column = self->mapping[field];

  if (column < 0 || column >= (int) g_strv_length (row->fields))
    return g_strdup ("");
  return g_strstrip (g_strdup (row->fields[column]));
}

/* "11", "11.5", "11,25", "11%": basis points, or -1. */
static gint64
parse_percent (const char *text)
{
  gint64 whole = 0, fraction = 0;
  guint digits = 0, fraction_digits = 0;
  const char *p = text;

  for (; g_ascii_isdigit (*p) && digits < 4; p++, digits++)
    whole = whole * 10 + (*p - '0');
  if (digits == 0)
    return -1;
  if (*p == '.' || *p == ',')
    for (p++; g_ascii_isdigit (*p) && fraction_digits < 2; p++, fraction_digits++)
      fraction = fraction * 10 + (*p - '0');
  if (fraction_digits == 1)
    fraction *= 10;
  if (*p == '%')
    p++;
  if (*p != '\0' || whole * 100 + fraction > 10000)
    return -1;
  return whole * 100 + fraction;
}

static void
problem (GPtrArray  *problems,
         guint      *count,
         guint       line,
         const char *field,
         const char *message)
{
  (*count)++;
  if (problems->len < MAX_PROBLEMS)
    /* TRANSLATORS: "Line 5000: Price: not a whole number of minor units". */
    g_ptr_array_add (problems, g_strdup_printf (_("Line %u: %s: %s"), line, field, message));
}

/* What the catalog already has: SKU → id, barcode → id, lower-case category → id. */
typedef struct
{
  GHashTable *sku_ids;
  GHashTable *barcode_ids;
  GHashTable *category_ids;
  GHashTable *archived_ids;   /* SKU → id of the archived products */
  gint64      next_product_id;
  gint64      next_category_id;
} Known;

static void
known_clear (Known *known)
{
  g_clear_pointer (&known->sku_ids, g_hash_table_unref);
  g_clear_pointer (&known->barcode_ids, g_hash_table_unref);
  g_clear_pointer (&known->category_ids, g_hash_table_unref);
  g_clear_pointer (&known->archived_ids, g_hash_table_unref);
}

static gboolean
load_map (KasirDatabase  *db,
          const char     *sql,
          GHashTable     *map,
          gboolean        lower,
          GError        **error)
{
  sqlite3_stmt *stmt = kasir_database_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      gint64 *id = g_new (gint64, 1);

      *id = sqlite3_column_int64 (stmt, 1);
      g_hash_table_insert (map, lower ? g_utf8_strdown (key, -1) : g_strdup (key), id);
    }
  kasir_database_stmt_done (stmt);
  if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (db, rc, "read the catalog", error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_known (KasirDatabase  *db,
            Known          *known,
            GError        **error)
{
  known->sku_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  known->barcode_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  known->category_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  known->archived_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* While a pull replaces a pending product (id < 0) by the server's, both may be there:
   * the server's is read last, and wins. */
  return load_map (db, "SELECT sku, id FROM products ORDER BY id > 0", known->sku_ids, FALSE, error) &&
         load_map (db, "SELECT sku, id FROM products WHERE archived = 1", known->archived_ids, FALSE, error) &&
         load_map (db, "SELECT code, product_id FROM barcodes", known->barcode_ids, FALSE, error) &&
         load_map (db, "SELECT name, id FROM categories WHERE archived = 0 ORDER BY id > 0", known->category_ids,
                   TRUE, error) &&
         kasir_database_query_int64 (db, "SELECT coalesce(max(id), 0) + 1 FROM products",
                                     &known->next_product_id, error) &&
         kasir_database_query_int64 (db, "SELECT coalesce(max(id), 0) + 1 FROM categories",
                                     &known->next_category_id, error);
}

/* An "Active" cell: 1 active, 0 archived, -1 blank, -2 unreadable. */
static int
parse_active (const char *text)
{
  static const char * const yes[] = { "1", "yes", "ya", "y", "true", "active", "aktif", NULL };
  static const char * const no[] = { "0", "no", "tidak", "n", "false", "archived", "arsip", NULL };
  g_autofree char *lower = g_utf8_strdown (text, -1);

  if (*lower == '\0')
    return -1;
  if (g_strv_contains (yes, lower))
    return 1;
  if (g_strv_contains (no, lower))
    return 0;
  return -2;
}

/* One row as a product, or NULL after noting its problems. @seen_skus and
 * @seen_barcodes hold what earlier rows of the file used (→ their line). */
static KasirProduct *
check_row (KasirCatalogImport *self,
           const KasirCsvRow  *row,
           Known              *known,
           GHashTable         *seen_skus,
           GHashTable         *seen_barcodes,
           GPtrArray          *problems,
           guint              *count)
{
  g_autofree char *sku = cell (self, row, KASIR_IMPORT_FIELD_SKU);
  g_autofree char *name = cell (self, row, KASIR_IMPORT_FIELD_NAME);
  g_autofree char *price = cell (self, row, KASIR_IMPORT_FIELD_PRICE);
  g_autofree char *tax = cell (self, row, KASIR_IMPORT_FIELD_TAX_RATE);
  g_autofree char *barcode = cell (self, row, KASIR_IMPORT_FIELD_BARCODE);
  g_autofree char *active_text = cell (self, row, KASIR_IMPORT_FIELD_ACTIVE);
  g_autofree char *archived_text = cell (self, row, KASIR_IMPORT_FIELD_ARCHIVED);
  g_autofree char *unit = cell (self, row, KASIR_IMPORT_FIELD_UNIT);
  int active = parse_active (active_text), archived = parse_active (archived_text);
  g_autoptr(KasirProduct) p = kasir_product_new ();
  g_autoptr(GError) local_error = NULL;
  guint before = *count;
  const gint64 *id;
  guint64 amount = 0;
  gint64 bp = 0;

  id = g_hash_table_lookup (known->sku_ids, sku);
  if (*sku == '\0' || g_utf8_strlen (sku, -1) > 64)
    problem (problems, count, row->line, _("SKU"), _("give 1 to 64 characters"));
  else if (g_hash_table_contains (seen_skus, sku))
    problem (problems, count, row->line, _("SKU"), _("the same SKU is on an earlier line"));
  else if (id != NULL && *id < 0)
    problem (problems, count, row->line, _("SKU"),
             _("this product is still waiting for the server; import it again after the next sync"));
  if (*name == '\0' || g_utf8_strlen (name, -1) > 200)
    problem (problems, count, row->line, _("Name"), _("give 1 to 200 characters"));
  if (!g_ascii_string_to_unsigned (price, 10, 0, 1000000000000000, &amount, NULL))
    problem (problems, count, row->line, _("Price"),
             _("give a whole number of the currency's smallest unit, 0 or more (15000)"));
  if (*tax != '\0' && (bp = parse_percent (tax)) < 0)
    problem (problems, count, row->line, _("Tax rate"), _("give a percentage from 0 to 100 (11 or 11.5)"));
  if (g_utf8_strlen (unit, -1) > MAX_UNIT_CHARS)
    problem (problems, count, row->line, _("Unit"), _("give at most 16 characters"));
  if (active == -2)
    problem (problems, count, row->line, _("Active"), _("give yes or no (1 or 0)"));
  if (archived == -2)
    problem (problems, count, row->line, _("Archived"), _("give yes or no (1 or 0)"));
  else if (active < 0 && archived >= 0)
    active = !archived;
  if (*barcode != '\0')
    {
      const gint64 *owner = g_hash_table_lookup (known->barcode_ids, barcode);

      if (!kasir_barcode_validate (barcode, &local_error))
        problem (problems, count, row->line, _("Barcode"), local_error->message);
      else if (g_hash_table_contains (seen_barcodes, barcode))
        problem (problems, count, row->line, _("Barcode"), _("the same barcode is on an earlier line"));
      else if (owner != NULL && (id == NULL || *owner != *id))
        problem (problems, count, row->line, _("Barcode"), _("another product already has it"));
    }
  if (*count > before)
    return NULL;

  g_hash_table_add (seen_skus, g_strdup (sku));
  if (*barcode != '\0')
    g_hash_table_add (seen_barcodes, g_strdup (barcode));
  p->id = id != NULL ? *id : known->next_product_id++;
  p->sku = g_steal_pointer (&sku);
  p->name = g_steal_pointer (&name);
  p->price = (KasirMoney) amount;
  p->tax_rate_bp = (guint) bp;
  p->barcode = *barcode != '\0' ? g_steal_pointer (&barcode) : NULL;
  /* A re-import does not bring back what a manager archived unless the row says so. */
  p->archived = active >= 0 ? active == 0 : g_hash_table_contains (known->archived_ids, p->sku);
  return g_steal_pointer (&p);
}

/* Finds or makes the category @name, returning its id (0 for a blank name). */
static gint64
category_id (KasirDatabase  *db,
             Known          *known,
             const char     *name,
             guint          *made_count,
             GError        **error)
{
  g_autofree char *key = g_utf8_strdown (name, -1);
  const gint64 *id = g_hash_table_lookup (known->category_ids, key);
  sqlite3_stmt *stmt;
  gint64 *made;

  if (*name == '\0')
    return 0;
  if (id != NULL)
    return *id;
  stmt = kasir_database_prepare (db, "INSERT INTO categories (id, name, position) VALUES (?1, ?2, ?1)", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, known->next_category_id);
  kasir_database_bind_text (stmt, 2, name);
  if (!kasir_database_step_done (db, stmt, "add category", error))
    return -1;
  made = g_new (gint64, 1);
  *made = known->next_category_id++;
  g_hash_table_insert (known->category_ids, g_steal_pointer (&key), made);
  (*made_count)++;
  return *made;
}

/* Writes @products (with their rows' categories and units) in the open transaction. */
static gboolean
write_all (KasirCatalogImport  *self,
           KasirDatabase       *db,
           Known               *known,
           GPtrArray           *products,
           GPtrArray           *rows,
           KasirImportSummary  *summary,
           GError             **error)
{
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (db);
  sqlite3_stmt *stmt;

  /* The back office's own columns of products already there survive the replacing
   * write; a mapped unit column sets the unit. */
  if (!kasir_database_exec (db, "CREATE TEMP TABLE IF NOT EXISTS import_extra (id INTEGER PRIMARY KEY, "
                            "unit TEXT, track_stock INTEGER, low_stock INTEGER); "
                            "DELETE FROM temp.import_extra", error))
    return FALSE;
  for (guint i = 0; i < products->len; i++)
    {
      KasirProduct *p = products->pdata[i];
      g_autofree char *category = cell (self, rows->pdata[i], KASIR_IMPORT_FIELD_CATEGORY);
      g_autofree char *unit = cell (self, rows->pdata[i], KASIR_IMPORT_FIELD_UNIT);

      if (self->mapping[KASIR_IMPORT_FIELD_CATEGORY] >= 0 &&
          (p->category_id = category_id (db, known, category, &summary->categories, error)) < 0)
        return FALSE;
      stmt = kasir_database_prepare (db, "INSERT INTO temp.import_extra SELECT ?1, "
                                     "coalesce(?2, (SELECT unit FROM products WHERE id = ?1), 'pcs'), "
                                     "coalesce((SELECT track_stock FROM products WHERE id = ?1), 1), "
                                     "coalesce((SELECT low_stock FROM products WHERE id = ?1), -1)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, p->id);
      kasir_database_bind_text (stmt, 2, *unit != '\0' ? unit : NULL);
      if (!kasir_database_step_done (db, stmt, "stage product", error))
        return FALSE;
    }
  if (!kasir_catalog_repository_upsert_products (catalog, products, error))
    return FALSE;
  return kasir_database_exec (db, "UPDATE products SET "
                              "unit = (SELECT unit FROM temp.import_extra e WHERE e.id = products.id), "
                              "track_stock = (SELECT track_stock FROM temp.import_extra e WHERE e.id = products.id), "
                              "low_stock = (SELECT low_stock FROM temp.import_extra e WHERE e.id = products.id) "
                              "WHERE id IN (SELECT id FROM temp.import_extra); "
                              "DELETE FROM temp.import_extra", error);
}

/* ---- Writing on a till enrolled with a server ---- */

/* The category @name (blank: none) of a product on an enrolled till in *id: a known one,
 * or a new one queued as category.upsert and kept at once, pending, under the negative
 * of its seq. */
static gboolean
queued_category (KasirCatalogAdminRepository  *admin,
                 KasirDatabase                *db,
                 Known                        *known,
                 const char                   *name,
                 gint64                        staff_id,
                 gint64                       *id,
                 KasirImportSummary           *summary,
                 GError                      **error)
{
  g_autofree char *key = g_utf8_strdown (name, -1);
  const gint64 *found = g_hash_table_lookup (known->category_ids, key);
  sqlite3_stmt *stmt;
  gint64 seq = 0;
  gint64 *made;

  *id = 0;
  if (*name == '\0')
    return TRUE;
  if (found != NULL)
    {
      *id = *found;
      return TRUE;
    }
  if (!kasir_catalog_admin_queue_category (admin, 0, staff_id, name, FALSE, &seq, error))
    return FALSE;
  stmt = kasir_database_prepare (db, "INSERT INTO categories (id, name, position) VALUES "
                                 "(?1, ?2, (SELECT coalesce(max(position), 0) + 1 FROM categories))", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, -seq);
  kasir_database_bind_text (stmt, 2, name);
  if (!kasir_database_step_done (db, stmt, "add category", error))
    return FALSE;
  made = g_new (gint64, 1);
  *made = -seq;
  g_hash_table_insert (known->category_ids, g_steal_pointer (&key), made);
  summary->categories++;
  *id = -seq;
  return TRUE;
}

/* Lays the row's values over a known product's @item: what the file has replaces what
 * is stored; an optional column the file does not have changes nothing. */
static void
overlay_row (KasirCatalogImport *self,
             KasirCatalogItem   *item,
             const KasirProduct *row,
             gint64              category_id,
             const char         *unit)
{
  KasirProduct *now = item->product;

  g_free (now->name);
  now->name = g_strdup (row->name);
  now->price = row->price;
  now->archived = row->archived;
  if (self->mapping[KASIR_IMPORT_FIELD_TAX_RATE] >= 0)
    now->tax_rate_bp = row->tax_rate_bp;
  if (self->mapping[KASIR_IMPORT_FIELD_BARCODE] >= 0)
    {
      g_free (now->barcode);
      now->barcode = g_strdup (row->barcode);
    }
  if (self->mapping[KASIR_IMPORT_FIELD_CATEGORY] >= 0)
    now->category_id = category_id;
  if (*unit != '\0')
    {
      g_free (item->unit);
      item->unit = g_strdup (unit);
    }
}

/* Writes @products in the open transaction as pending products and their mutations,
 * each approved by @staff_id. */
static gboolean
write_queued (KasirCatalogImport  *self,
              KasirDatabase       *db,
              Known               *known,
              GPtrArray           *products,
              GPtrArray           *rows,
              gint64               staff_id,
              KasirImportSummary  *summary,
              GError             **error)
{
  g_autoptr(KasirCatalogAdminRepository) admin = kasir_catalog_admin_repository_new (db);

  for (guint i = 0; i < products->len; i++)
    {
      const KasirProduct *p = products->pdata[i];
      g_autofree char *category = cell (self, rows->pdata[i], KASIR_IMPORT_FIELD_CATEGORY);
      g_autofree char *unit = cell (self, rows->pdata[i], KASIR_IMPORT_FIELD_UNIT);
      g_autoptr(KasirCatalogItem) item = NULL;
      gint64 category_id = 0, seq = 0;
      gboolean queued = FALSE;

      if (self->mapping[KASIR_IMPORT_FIELD_CATEGORY] >= 0 &&
          !queued_category (admin, db, known, category, staff_id, &category_id, summary, error))
        return FALSE;
      if (g_hash_table_contains (known->sku_ids, p->sku))
        {
          item = kasir_catalog_admin_repository_get_product (admin, p->id, error);
          if (item == NULL)
            return FALSE;
          overlay_row (self, item, p, category_id, unit);
          if (!kasir_catalog_admin_queue_update (admin, item, staff_id, &queued, error) ||
              (queued && !kasir_catalog_admin_write_item (db, item, p->id, error)))
            return FALSE;
          if (queued)
            summary->changed++;
          else
            summary->unchanged++;
          continue;
        }
      item = kasir_catalog_item_new ();
      kasir_product_free (item->product);
      item->product = kasir_product_copy (p);
      item->product->id = 0;
      item->product->category_id = category_id;
      if (*unit != '\0')
        {
          g_free (item->unit);
          item->unit = g_steal_pointer (&unit);
        }
      if (!kasir_catalog_admin_queue_create (admin, item, staff_id, &seq, error) ||
          !kasir_catalog_admin_write_item (db, item, -seq, error))
        return FALSE;
      summary->added++;
    }
  summary->queued = TRUE;
  return TRUE;
}

/* The rows' products, or NULL after collecting their problems (and counting them). */
static GPtrArray *
check_rows (KasirCatalogImport  *self,
            Known               *known,
            GPtrArray           *rows,
            GPtrArray           *problems,
            guint               *count)
{
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);
  g_autoptr(GHashTable) seen_skus = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) seen_barcodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      KasirProduct *p = check_row (self, self->rows->pdata[i], known, seen_skus, seen_barcodes,
                                   problems, count);

      if (p != NULL)
        {
          g_ptr_array_add (products, p);
          g_ptr_array_add (rows, self->rows->pdata[i]);
        }
    }
  return *count > 0 ? NULL : g_steal_pointer (&products);
}

gint64
kasir_catalog_import_apply (KasirCatalogImport  *self,
                            KasirDatabase       *database,
                            gint64               staff_id,
                            KasirImportSummary  *out_summary,
                            GPtrArray          **out_problems,
                            GError             **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  KasirImportSummary summary = { 0 };
  Known known = { 0 };
  gint64 outlet_id = 0;
  guint count = 0;

  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (KASIR_IS_DATABASE (database), -1);

  for (guint f = 0; f < KASIR_IMPORT_N_FIELDS; f++)
    if (fields[f].required && self->mapping[f] < 0)
      {
        g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED,
                     _("The file has no column for %s; choose one"), _(fields[f].label));
        return -1;
      }
  if (!kasir_database_begin (database, error))
    return -1;
  outlet_id = kasir_catalog_admin_enrolled_outlet (database, error);
  if (outlet_id < 0)
    goto fail;
  if (outlet_id > 0 && staff_id <= 0)
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE,
                           _("A manager must approve an import of products"));
      goto fail;
    }
  if (!load_known (database, &known, error))
    goto fail;
  products = check_rows (self, &known, rows, problems, &count);
  if (products == NULL)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE, "%u problem in the file; nothing was imported",
                                "%u problems in the file; nothing was imported", count), count);
      if (out_problems != NULL)
        *out_problems = g_steal_pointer (&problems);
      goto fail;
    }
  if (outlet_id > 0)
    {
      if (!write_queued (self, database, &known, products, rows, staff_id, &summary, error))
        goto fail;
    }
  else
    {
      for (guint i = 0; i < products->len; i++)
        if (g_hash_table_contains (known.sku_ids, ((KasirProduct *) products->pdata[i])->sku))
          summary.changed++;
        else
          summary.added++;
      if (!write_all (self, database, &known, products, rows, &summary, error))
        goto fail;
    }
  if (!kasir_database_commit (database, error))
    goto fail;
  known_clear (&known);
  if (out_summary != NULL)
    *out_summary = summary;
  return (gint64) summary.added + summary.changed;

fail:
  if (kasir_database_in_transaction (database))
    kasir_database_rollback (database);
  known_clear (&known);
  return -1;
}
