/* kasir-catalog-repository.c — catalog reads and writes.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <string.h>

#include <glib/gi18n.h>

#include "kasir-protocol.h"
#include "kasir-database-private.h"
#include "kasir-outbox-repository.h"
#include "kasir-catalog-repository.h"
#include "kasir-catalog-private.h"

/* At most this many typed words take part in a search; more add nothing a cashier needs
 * and make the query slower. */
#define MAX_SEARCH_WORDS 8

struct _KasirCatalogRepository
{
  GObject        parent_instance;
  KasirDatabase *database;
};

G_DEFINE_TYPE (KasirCatalogRepository, kasir_catalog_repository, G_TYPE_OBJECT)

static void
kasir_catalog_repository_dispose (GObject *object)
{
  KasirCatalogRepository *self = KASIR_CATALOG_REPOSITORY (object);

  g_clear_object (&self->database);

  G_OBJECT_CLASS (kasir_catalog_repository_parent_class)->dispose (object);
}

static void
kasir_catalog_repository_class_init (KasirCatalogRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kasir_catalog_repository_dispose;
}

static void
kasir_catalog_repository_init (KasirCatalogRepository *self)
{
}

KasirCatalogRepository *
kasir_catalog_repository_new (KasirDatabase *database)
{
  KasirCatalogRepository *self;

  g_return_val_if_fail (KASIR_IS_DATABASE (database), NULL);

  self = g_object_new (KASIR_TYPE_CATALOG_REPOSITORY, NULL);
  self->database = g_object_ref (database);

  return self;
}

static gboolean invalid (GError     **error,
                         const char  *format,
                         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID, message);

  return FALSE;
}

static gboolean
code_is_valid (const char *code)
{
  gsize len;

  if (code == NULL)
    return FALSE;
  len = strlen (code);
  if (len == 0 || len > 64)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (code[i]) && code[i] != '-')
      return FALSE;

  return TRUE;
}

static gboolean
text_is_valid (const char *text)
{
  return text != NULL && *text != '\0' && g_utf8_validate (text, -1, NULL);
}

static gboolean
check_product (const KasirProduct  *p,
               GError             **error)
{
  if (p == NULL)
    return invalid (error, _("A product is missing"));
  if (p->id <= 0)
    return invalid (error, _("A product has no valid id (%" PRId64 ")"), p->id);
  if (!text_is_valid (p->name))
    return invalid (error, _("Product %" PRId64 " has no name"), p->id);
  if (!text_is_valid (p->sku))
    return invalid (error, _("Product %" PRId64 " has no SKU"), p->id);
  if (p->price < 0)
    return invalid (error, _("Product %" PRId64 " has a negative price"), p->id);
  if (p->tax_rate_bp > 10000)
    return invalid (error, _("Product %" PRId64 " has a tax rate above 100%%"),
                    p->id);
  if (p->category_id < 0 || p->version < 0 || p->price_version < 0)
    return invalid (error, _("Product %" PRId64 " has a negative id or version"),
                    p->id);
  if (p->barcode != NULL && !code_is_valid (p->barcode))
    return invalid (error, _("Product %" PRId64 " has a barcode that cannot be "
                             "scanned"), p->id);

  return TRUE;
}

/* Stages one product in the per-connection batch table. */
static gboolean
stage_product (KasirDatabase       *db,
               const KasirProduct  *p,
               GError             **error)
{
  sqlite3_stmt *stmt;

  stmt = kasir_database_prepare (db,
                                 "INSERT OR REPLACE INTO temp.product_batch (id, sku, barcode, "
                                 "name, price, price_version, tax_rate_bp, category_id, "
                                 "archived, version, unit, track_stock, low_stock) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                 error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, p->id);
  kasir_database_bind_text (stmt, 2, p->sku);
  kasir_database_bind_text (stmt, 3, p->barcode);
  kasir_database_bind_text (stmt, 4, p->name);
  sqlite3_bind_int64 (stmt, 5, p->price);
  sqlite3_bind_int64 (stmt, 6, p->price_version);
  sqlite3_bind_int64 (stmt, 7, p->tax_rate_bp);
  sqlite3_bind_int64 (stmt, 8, p->category_id);
  sqlite3_bind_int (stmt, 9, p->archived ? 1 : 0);
  sqlite3_bind_int64 (stmt, 10, p->version);
  kasir_database_bind_text (stmt, 11, p->unit);
  sqlite3_bind_int (stmt, 12, p->track_stock ? 1 : 0);
  sqlite3_bind_int64 (stmt, 13, p->low_stock);

  return kasir_database_step_done (db, stmt, "stage product", error);
}

/* Moves the staged batch into the catalog with a few set-wide statements.
 *
 * Why not one statement per product: FTS4 writes its pending index data to disk at every
 * statement boundary inside a transaction, so 500 single-row inserts make 500 tiny index
 * segments that must be merged again — measured here about ten times slower than writing
 * the same rows with one statement. INSERT OR REPLACE deletes a replaced row first; with
 * recursive_triggers on (set when the database is opened) that delete fires the trigger
 * that takes the old text out of the full-text index, so the index stays exact. */
/* The unit, stock tracking and low-stock level: a server that keeps them sends them (a
 * unit always), and its values win; from one that keeps none (no unit), a replaced row
 * keeps its own. They exist from version 7 of the database on; the statement of before
 * stays for the older versions the migration tests fill. */
#define PRODUCT_BATCH_INSERT \
  "INSERT OR REPLACE INTO products (id, sku, barcode, name, price, price_version, " \
  "tax_rate_bp, category_id, archived, version"
#define PRODUCT_BATCH_COLUMNS \
  "b.id, b.sku, b.barcode, b.name, b.price, b.price_version, b.tax_rate_bp, " \
  "b.category_id, b.archived, b.version"
#define PRODUCT_KEPT_SINCE_VERSION 7

static gboolean
apply_product_batch (KasirDatabase  *db,
                     GError        **error)
{
  static const char * const statements[] = {
    /* Before the rows change: a product's primary code is its barcode of now. */
    "DELETE FROM barcodes WHERE is_primary = 1 AND code IN "
    "(SELECT p.barcode FROM temp.product_batch b JOIN products p ON p.id = b.id) "
    "AND product_id IN (SELECT id FROM temp.product_batch)",
    NULL, /* the rows, below */
    "INSERT OR REPLACE INTO barcodes (code, product_id, is_primary) "
    "SELECT barcode, id, 1 FROM temp.product_batch WHERE barcode IS NOT NULL",
    "DELETE FROM temp.product_batch",
  };
  const char *rows = kasir_database_get_schema_version (db) >= PRODUCT_KEPT_SINCE_VERSION
                     ? PRODUCT_BATCH_INSERT ", unit, track_stock, low_stock) SELECT "
                       PRODUCT_BATCH_COLUMNS ", "
                       "coalesce(b.unit, (SELECT p.unit FROM products p WHERE p.id = b.id), 'pcs'), "
                       "CASE WHEN b.unit IS NOT NULL THEN b.track_stock ELSE "
                       "coalesce((SELECT p.track_stock FROM products p WHERE p.id = b.id), 1) END, "
                       "CASE WHEN b.unit IS NOT NULL THEN b.low_stock ELSE "
                       "coalesce((SELECT p.low_stock FROM products p WHERE p.id = b.id), -1) END "
                       "FROM temp.product_batch b"
                     : PRODUCT_BATCH_INSERT ") SELECT " PRODUCT_BATCH_COLUMNS
                       " FROM temp.product_batch b";

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      sqlite3_stmt *stmt = kasir_database_prepare (db, statements[i] != NULL ? statements[i] : rows,
                                                   error);

      if (stmt == NULL || !kasir_database_step_done (db, stmt, "write products", error))
        return FALSE;
    }

  return TRUE;
}

gboolean
kasir_catalog_repository_upsert_products (KasirCatalogRepository  *self,
                                          GPtrArray               *products,
                                          GError                 **error)
{
  KasirDatabase *db;

  g_return_val_if_fail (KASIR_IS_CATALOG_REPOSITORY (self), FALSE);
  g_return_val_if_fail (products != NULL, FALSE);

  db = self->database;
  for (guint i = 0; i < products->len; i++)
    if (!check_product (products->pdata[i], error))
      return FALSE;
  if (products->len == 0)
    return TRUE;

  if (!kasir_database_begin (db, error))
    return FALSE;
  /* The temporary table lives in memory (temp_store is MEMORY, so never on disk in the
   * clear) and only for this connection. */
  if (!kasir_database_exec (db,
                            "CREATE TEMP TABLE IF NOT EXISTS product_batch ("
                            "  id INTEGER PRIMARY KEY, sku TEXT, barcode TEXT, name TEXT, "
                            "  price INTEGER, price_version INTEGER, tax_rate_bp INTEGER, "
                            "  category_id INTEGER, archived INTEGER, version INTEGER, unit TEXT, "
                            "  track_stock INTEGER, low_stock INTEGER);"
                            "DELETE FROM temp.product_batch", error))
    goto fail;
  for (guint i = 0; i < products->len; i++)
    if (!stage_product (db, products->pdata[i], error))
      goto fail;
  if (!apply_product_batch (db, error))
    goto fail;

  return kasir_database_commit (db, error);

fail:
  kasir_database_rollback (db);
  return FALSE;
}

/* Runs each statement with @id bound to ?1, in one transaction. */
static gboolean
delete_by_id (KasirDatabase       *db,
              const char * const  *statements,
              gint64               id,
              GError             **error)
{
  if (!kasir_database_begin (db, error))
    return FALSE;
  for (guint i = 0; statements[i] != NULL; i++)
    {
      sqlite3_stmt *stmt = kasir_database_prepare (db, statements[i], error);

      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, id);
      if (!kasir_database_step_done (db, stmt, "delete", error))
        goto fail;
    }

  return kasir_database_commit (db, error);

fail:
  kasir_database_rollback (db);
  return FALSE;
}

gboolean
kasir_catalog_repository_delete_product (KasirCatalogRepository  *self,
                                         gint64                   product_id,
                                         GError                 **error)
{
  /* The primary code by the product's barcode, the extra ones by the index of extras
   * (migration 0008). */
  static const char * const statements[] = {
    "DELETE FROM barcodes WHERE code = (SELECT barcode FROM products WHERE id = ?1) "
    "AND product_id = ?1",
    "DELETE FROM barcodes WHERE is_primary = 0 AND product_id = ?1",
    "DELETE FROM stock WHERE product_id = ?1",
    "DELETE FROM products WHERE id = ?1",
    NULL
  };

  g_return_val_if_fail (KASIR_IS_CATALOG_REPOSITORY (self), FALSE);

  return delete_by_id (self->database, statements, product_id, error);
}

gboolean
kasir_catalog_repository_upsert_categories (KasirCatalogRepository  *self,
                                            GPtrArray               *categories,
                                            GError                 **error)
{
  KasirDatabase *db;

  g_return_val_if_fail (KASIR_IS_CATALOG_REPOSITORY (self), FALSE);
  g_return_val_if_fail (categories != NULL, FALSE);

  db = self->database;
  for (guint i = 0; i < categories->len; i++)
    {
      const KasirCategory *c = categories->pdata[i];

      if (c == NULL || c->id <= 0 || !text_is_valid (c->name) || c->parent_id < 0 ||
          c->parent_id == c->id)
        {
          g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                       _("Category %" PRId64 " is not valid"),
                       c != NULL ? c->id : 0);
          return FALSE;
        }
    }

  if (!kasir_database_begin (db, error))
    return FALSE;
  for (guint i = 0; i < categories->len; i++)
    {
      const KasirCategory *c = categories->pdata[i];
      sqlite3_stmt *stmt;

      stmt = kasir_database_prepare (db,
                                     "INSERT OR REPLACE INTO categories (id, name, parent_id, "
                                     "archived, version) VALUES (?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, c->id);
      kasir_database_bind_text (stmt, 2, c->name);
      sqlite3_bind_int64 (stmt, 3, c->parent_id);
      sqlite3_bind_int (stmt, 4, c->archived ? 1 : 0);
      sqlite3_bind_int64 (stmt, 5, c->version);
      if (!kasir_database_step_done (db, stmt, "write category", error))
        goto fail;
    }

  return kasir_database_commit (db, error);

fail:
  kasir_database_rollback (db);
  return FALSE;
}

gboolean
kasir_catalog_repository_delete_category (KasirCatalogRepository  *self,
                                          gint64                   category_id,
                                          GError                 **error)
{
  /* Products of a deleted category fall back to "no category" rather than vanish. */
  static const char * const statements[] = {
    "UPDATE products SET category_id = 0 WHERE category_id = ?1",
    "UPDATE categories SET parent_id = 0 WHERE parent_id = ?1",
    "DELETE FROM categories WHERE id = ?1",
    NULL
  };

  g_return_val_if_fail (KASIR_IS_CATALOG_REPOSITORY (self), FALSE);

  return delete_by_id (self->database, statements, category_id, error);
}

gboolean
kasir_catalog_repository_upsert_stock (KasirCatalogRepository  *self,
                                       GPtrArray               *stock,
                                       GError                 **error)
{
  KasirDatabase *db;

  g_return_val_if_fail (KASIR_IS_CATALOG_REPOSITORY (self), FALSE);
  g_return_val_if_fail (stock != NULL, FALSE);

  db = self->database;
  for (guint i = 0; i < stock->len; i++)
    {
      const KasirStock *s = stock->pdata[i];

      if (s == NULL || s->product_id <= 0 || s->outlet_id <= 0)
        {
          g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                       _("A stock entry has no valid product or outlet"));
          return FALSE;
        }
    }

  /* Staged in memory and written with one statement, as products are: inside the pull's
   * transaction each INSERT OR REPLACE of its own copies the pages it changes to the
   * statement journal first, encrypted, so row by row the same last page of the table
   * was encrypted again for every row (a third of the time of a 100,000-product pull). */
  if (!kasir_database_begin (db, error))
    return FALSE;
  if (!kasir_database_exec (db,
                            "CREATE TEMP TABLE IF NOT EXISTS stock_batch ("
                            "  product_id INTEGER, outlet_id INTEGER, qty INTEGER,"
                            "  PRIMARY KEY (product_id, outlet_id));"
                            "DELETE FROM temp.stock_batch", error))
    goto fail;
  for (guint i = 0; i < stock->len; i++)
    {
      const KasirStock *s = stock->pdata[i];
      sqlite3_stmt *stmt;

      stmt = kasir_database_prepare (db,
                                     "INSERT OR REPLACE INTO temp.stock_batch (product_id, "
                                     "outlet_id, qty) VALUES (?, ?, ?)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, s->product_id);
      sqlite3_bind_int64 (stmt, 2, s->outlet_id);
      sqlite3_bind_int64 (stmt, 3, s->qty);
      if (!kasir_database_step_done (db, stmt, "stage stock", error))
        goto fail;
    }
  if (!kasir_database_exec (db,
                            "INSERT OR REPLACE INTO stock (product_id, outlet_id, qty) "
                            "SELECT product_id, outlet_id, qty FROM temp.stock_batch "
                            "ORDER BY product_id, outlet_id;"
                            "DELETE FROM temp.stock_batch", error))
    goto fail;

  return kasir_database_commit (db, error);

fail:
  kasir_database_rollback (db);
  return FALSE;
}

gint64
kasir_catalog_repository_adjust_stock (KasirCatalogRepository  *self,
                                       gint64                   product_id,
                                       gint64                   delta,
                                       const char              *reason,
                                       gint64                   staff_id,
                                       GError                 **error)
{
  g_autoptr(KasirOutboxRepository) outbox = NULL;
  g_autoptr(KasirProduct) product = NULL;
  g_autoptr(JsonNode) payload = NULL;
  g_autofree char *entity_id = NULL;
  KasirStockAdjust adj = { 0 };
  KasirDatabase *db;
  sqlite3_stmt *stmt;
  gint64 outlet_id = 0;
  gint64 seq;

  g_return_val_if_fail (KASIR_IS_CATALOG_REPOSITORY (self), 0);

  if (delta == 0 || reason == NULL || !text_is_valid (reason))
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("A stock change needs a quantity other than zero and a reason"));
      return 0;
    }

  db = self->database;
  if (!kasir_database_begin (db, error))
    return 0;

  product = kasir_catalog_repository_get_product (self, product_id, error);
  if (product == NULL)
    goto fail;
  if (!kasir_database_query_int64 (db, "SELECT outlet_id FROM sync_state WHERE id = 1",
                                   &outlet_id, error))
    goto fail;
  if (outlet_id <= 0)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("Stock can only be counted once the till is connected to a store"));
      goto fail;
    }

  stmt = kasir_database_prepare (db,
                                 "INSERT OR IGNORE INTO stock (product_id, outlet_id, qty) "
                                 "VALUES (?, ?, 0)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, product_id);
  sqlite3_bind_int64 (stmt, 2, outlet_id);
  if (!kasir_database_step_done (db, stmt, "adjust stock", error))
    goto fail;
  stmt = kasir_database_prepare (db,
                                 "UPDATE stock SET qty = qty + ? "
                                 "WHERE product_id = ? AND outlet_id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, delta);
  sqlite3_bind_int64 (stmt, 2, product_id);
  sqlite3_bind_int64 (stmt, 3, outlet_id);
  if (!kasir_database_step_done (db, stmt, "adjust stock", error))
    goto fail;

  adj.product_id = product_id;
  adj.delta = delta;
  adj.reason = (char *) reason;
  adj.staff_id = staff_id;
  payload = kasir_protocol_encode_stock_adjust (&adj);
  entity_id = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, product_id, outlet_id);
  outbox = kasir_outbox_repository_new (db);
  seq = kasir_outbox_repository_enqueue_in_transaction (outbox, KASIR_MUTATION_STOCK_ADJUST,
                                                        entity_id, payload, NULL, error);
  if (seq == 0)
    goto fail;

  if (!kasir_database_commit (db, error))
    return 0;

  return seq;

fail:
  kasir_database_rollback (db);
  return 0;
}

gboolean
kasir_catalog_repository_add_barcode (KasirCatalogRepository  *self,
                                      gint64                   product_id,
                                      const char              *code,
                                      GError                 **error)
{
  g_autoptr(KasirProduct) product = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_CATALOG_REPOSITORY (self), FALSE);

  if (!code_is_valid (code))
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("“%s” is not a code that can be scanned"), code != NULL ? code : "");
      return FALSE;
    }
  product = kasir_catalog_repository_get_product (self, product_id, error);
  if (product == NULL)
    return FALSE;

  stmt = kasir_database_prepare (self->database,
                                 "INSERT OR REPLACE INTO barcodes (code, product_id, is_primary) "
                                 "VALUES (?, ?, 0)", error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, code);
  sqlite3_bind_int64 (stmt, 2, product_id);

  return kasir_database_step_done (self->database, stmt, "add barcode", error);
}

/* ---- Reads ---- */

#define PRODUCT_COLUMNS KASIR_CATALOG_PRODUCT_COLUMNS

KasirProduct *
kasir_catalog_product_from_row (sqlite3_stmt *stmt)
{
  KasirProduct *p = kasir_product_new ();

  p->id = sqlite3_column_int64 (stmt, 0);
  p->sku = kasir_database_column_dup (stmt, 1);
  p->barcode = kasir_database_column_dup (stmt, 2);
  p->name = kasir_database_column_dup (stmt, 3);
  p->price = sqlite3_column_int64 (stmt, 4);
  p->price_version = sqlite3_column_int64 (stmt, 5);
  p->tax_rate_bp = sqlite3_column_int (stmt, 6);
  p->category_id = sqlite3_column_int64 (stmt, 7);
  p->archived = sqlite3_column_int (stmt, 8) != 0;
  p->version = sqlite3_column_int64 (stmt, 9);

  return p;
}

/* Steps a bound statement and collects every row as a product. */
static GPtrArray *
collect_products (KasirDatabase  *db,
                  sqlite3_stmt   *stmt,
                  GError        **error)
{
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (products, kasir_catalog_product_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (db, rc, "read products", error);
      kasir_database_stmt_done (stmt);
      return NULL;
    }
  kasir_database_stmt_done (stmt);

  return g_steal_pointer (&products);
}

static KasirProduct *
first_product (KasirDatabase  *db,
               sqlite3_stmt   *stmt,
               gboolean        report_missing,
               const char     *what,
               GError        **error)
{
  g_autoptr(GPtrArray) products = collect_products (db, stmt, error);

  if (products == NULL)
    return NULL;
  if (products->len == 0)
    {
      if (report_missing)
        g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND,
                     _("No product matches “%s”"), what);
      return NULL;
    }

  return g_ptr_array_steal_index (products, 0);
}

KasirProduct *
kasir_catalog_repository_get_product (KasirCatalogRepository  *self,
                                      gint64                   product_id,
                                      GError                 **error)
{
  char what[32];
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_CATALOG_REPOSITORY (self), NULL);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT " PRODUCT_COLUMNS " FROM products p WHERE p.id = ?",
                                 error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, product_id);
  g_snprintf (what, sizeof what, "%" G_GINT64_FORMAT, product_id);

  return first_product (self->database, stmt, TRUE, what, error);
}

static KasirProduct *
lookup (KasirCatalogRepository  *self,
        const char              *sql,
        const char              *code,
        gboolean                 report_missing,
        GError                 **error)
{
  g_autofree char *trimmed = NULL;
  sqlite3_stmt *stmt;

  if (code == NULL || !g_utf8_validate (code, -1, NULL))
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("The scanned code is not valid text"));
      return NULL;
    }
  trimmed = g_strstrip (g_strdup (code));

  stmt = kasir_database_prepare (self->database, sql, error);
  if (stmt == NULL)
    return NULL;
  kasir_database_bind_text (stmt, 1, trimmed);

  return first_product (self->database, stmt, report_missing, trimmed, error);
}

#define BARCODE_SQL "SELECT " PRODUCT_COLUMNS " FROM barcodes b " \
                    "JOIN products p ON p.id = b.product_id " \
                    "WHERE b.code = ? AND p.archived = 0"
#define SKU_SQL "SELECT " PRODUCT_COLUMNS " FROM products p " \
                "WHERE p.sku = ? AND p.archived = 0 ORDER BY p.id LIMIT 1"

KasirProduct *
kasir_catalog_repository_lookup_barcode (KasirCatalogRepository  *self,
                                         const char              *barcode,
                                         GError                 **error)
{
  g_return_val_if_fail (KASIR_IS_CATALOG_REPOSITORY (self), NULL);

  return lookup (self, BARCODE_SQL, barcode, TRUE, error);
}

KasirProduct *
kasir_catalog_repository_lookup_sku (KasirCatalogRepository  *self,
                                     const char              *sku,
                                     GError                 **error)
{
  g_return_val_if_fail (KASIR_IS_CATALOG_REPOSITORY (self), NULL);

  return lookup (self, SKU_SQL, sku, TRUE, error);
}

KasirProduct *
kasir_catalog_repository_lookup_code (KasirCatalogRepository  *self,
                                      const char              *code,
                                      GError                 **error)
{
  GError *local_error = NULL;
  KasirProduct *product;

  g_return_val_if_fail (KASIR_IS_CATALOG_REPOSITORY (self), NULL);

  product = lookup (self, BARCODE_SQL, code, FALSE, &local_error);
  if (product != NULL || local_error != NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      return product;
    }

  return lookup (self, SKU_SQL, code, TRUE, error);
}

/* Turns what a cashier typed into an FTS4 query that cannot be malformed: every run of
 * letters and digits becomes a lower-case prefix term ("kopi su" -> "kopi* su*"), implicitly
 * ANDed. Lower case matters: FTS operators (OR, NEAR, AND, NOT) are upper case only. Any
 * other character — quotes, '*', '-', '^', ':' , parentheses — only separates words.
 * Returns NULL when nothing searchable is left. */
static char *
build_match_query (const char *text)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(GString) word = g_string_new (NULL);
  guint words = 0;
  const char *p;

  for (p = text; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && g_unichar_isalnum (c))
        {
          g_string_append_unichar (word, g_unichar_tolower (c));
          continue;
        }

      if (word->len > 0 && words < MAX_SEARCH_WORDS)
        {
          if (query->len > 0)
            g_string_append_c (query, ' ');
          g_string_append_len (query, word->str, word->len);
          g_string_append_c (query, '*');
          words++;
        }
      g_string_truncate (word, 0);

      if (c == 0)
        break;
    }

  if (query->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&query), FALSE);
}

/* The same order as ORDER BY name, id in SQL (byte order of UTF-8), so search results and
 * listings agree. */
static int
compare_by_name (gconstpointer a,
                 gconstpointer b)
{
  const KasirProduct *pa = *(KasirProduct * const *) a;
  const KasirProduct *pb = *(KasirProduct * const *) b;
  int cmp = strcmp (pa->name, pb->name);

  if (cmp != 0)
    return cmp;

  return (pa->id > pb->id) - (pa->id < pb->id);
}

GPtrArray *
kasir_catalog_repository_search (KasirCatalogRepository  *self,
                                 const char              *text,
                                 guint                    limit,
                                 GError                 **error)
{
  g_autofree char *match = NULL;
  GPtrArray *found;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_CATALOG_REPOSITORY (self), NULL);

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("The search text is not valid text"));
      return NULL;
    }

  match = build_match_query (text);
  if (match == NULL || limit == 0)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT " PRODUCT_COLUMNS " FROM products_fts f "
                                 "JOIN products p ON p.id = f.docid "
                                 "WHERE products_fts MATCH ?1 AND p.archived = 0 LIMIT ?2",
                                 error);
  if (stmt == NULL)
    return NULL;
  kasir_database_bind_text (stmt, 1, match);
  sqlite3_bind_int64 (stmt, 2, limit);

  /* Sorted here rather than with ORDER BY: SQLite would then sort every match before
   * applying the limit (15 ms for a two-letter prefix over 100,000 products), while this
   * way the full-text index is read only as far as the limit (well under 1 ms). */
  found = collect_products (self->database, stmt, error);
  if (found != NULL)
    g_ptr_array_sort (found, compare_by_name);

  return found;
}

gboolean
kasir_catalog_repository_count_products (KasirCatalogRepository  *self,
                                         gint64                   category_id,
                                         guint                   *out_count,
                                         GError                 **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KASIR_IS_CATALOG_REPOSITORY (self), FALSE);
  g_return_val_if_fail (out_count != NULL, FALSE);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT count(*) FROM products "
                                 "WHERE archived = 0 AND (?1 = 0 OR category_id = ?1)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, category_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      kasir_database_set_error (self->database, rc, "count products", error);
      kasir_database_stmt_done (stmt);
      return FALSE;
    }
  *out_count = (guint) sqlite3_column_int64 (stmt, 0);
  kasir_database_stmt_done (stmt);

  return TRUE;
}

GPtrArray *
kasir_catalog_repository_list_products (KasirCatalogRepository  *self,
                                        gint64                   category_id,
                                        guint                    offset,
                                        guint                    limit,
                                        GError                 **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_CATALOG_REPOSITORY (self), NULL);

  /* Two statements so each can use its own index: (name) for all, (category_id, name)
   * for one category. */
  if (category_id == 0)
    stmt = kasir_database_prepare (self->database,
                                   "SELECT " PRODUCT_COLUMNS " FROM products p "
                                   "WHERE p.archived = 0 ORDER BY p.name, p.id "
                                   "LIMIT ?2 OFFSET ?3", error);
  else
    stmt = kasir_database_prepare (self->database,
                                   "SELECT " PRODUCT_COLUMNS " FROM products p "
                                   "WHERE p.category_id = ?1 AND p.archived = 0 "
                                   "ORDER BY p.name, p.id LIMIT ?2 OFFSET ?3", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, category_id);
  sqlite3_bind_int64 (stmt, 2, limit);
  sqlite3_bind_int64 (stmt, 3, offset);

  return collect_products (self->database, stmt, error);
}

GPtrArray *
kasir_catalog_repository_list_categories (KasirCatalogRepository  *self,
                                          GError                 **error)
{
  g_autoptr(GPtrArray) categories = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KASIR_IS_CATALOG_REPOSITORY (self), NULL);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT id, name, parent_id, archived, version FROM categories "
                                 "WHERE archived = 0 ORDER BY name, id", error);
  if (stmt == NULL)
    return NULL;

  categories = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_category_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KasirCategory *c = kasir_category_new ();

      c->id = sqlite3_column_int64 (stmt, 0);
      c->name = kasir_database_column_dup (stmt, 1);
      c->parent_id = sqlite3_column_int64 (stmt, 2);
      c->archived = sqlite3_column_int (stmt, 3) != 0;
      c->version = sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (categories, c);
    }
  if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (self->database, rc, "read categories", error);
      kasir_database_stmt_done (stmt);
      return NULL;
    }
  kasir_database_stmt_done (stmt);

  return g_steal_pointer (&categories);
}

gboolean
kasir_catalog_repository_get_stock (KasirCatalogRepository  *self,
                                    gint64                   product_id,
                                    gint64                   outlet_id,
                                    gint64                  *out_qty,
                                    GError                 **error)
{
  return kasir_catalog_repository_find_stock (self, product_id, outlet_id, NULL, out_qty, error);
}

gboolean
kasir_catalog_repository_find_stock (KasirCatalogRepository  *self,
                                     gint64                   product_id,
                                     gint64                   outlet_id,
                                     gboolean                *out_known,
                                     gint64                  *out_qty,
                                     GError                 **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KASIR_IS_CATALOG_REPOSITORY (self), FALSE);
  g_return_val_if_fail (out_qty != NULL, FALSE);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT qty FROM stock WHERE product_id = ? AND outlet_id = ?",
                                 error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, product_id);
  sqlite3_bind_int64 (stmt, 2, outlet_id);
  rc = sqlite3_step (stmt);
  if (out_known != NULL)
    *out_known = rc == SQLITE_ROW;
  if (rc == SQLITE_ROW)
    *out_qty = sqlite3_column_int64 (stmt, 0);
  else if (rc == SQLITE_DONE)
    *out_qty = 0;
  else
    {
      kasir_database_set_error (self->database, rc, "read stock", error);
      kasir_database_stmt_done (stmt);
      return FALSE;
    }
  kasir_database_stmt_done (stmt);

  return TRUE;
}

char *
kasir_catalog_match_query (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return build_match_query (text);
}
