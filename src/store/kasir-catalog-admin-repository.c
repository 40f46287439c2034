/* kasir-catalog-admin-repository.c — see the header.
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
#include "kasir-protocol.h"
#include "kasir-catalog-admin-repository.h"
#include "kasir-catalog-admin-private.h"
#include "kasir-catalog-private.h"
#include "kasir-database-private.h"
#include "kasir-outbox-repository.h"

#define MAX_NAME_CHARS 200
#define MAX_SKU_CHARS 64
#define MAX_UNIT_CHARS 16

struct _KasirCatalogAdminRepository
{
  GObject                parent_instance;
  KasirDatabase         *database;
  KasirOutboxRepository *outbox;
};

G_DEFINE_FINAL_TYPE (KasirCatalogAdminRepository, kasir_catalog_admin_repository, G_TYPE_OBJECT)

KasirCatalogItem *
kasir_catalog_item_new (void)
{
  KasirCatalogItem *self = g_new0 (KasirCatalogItem, 1);

  self->product = kasir_product_new ();
  self->unit = g_strdup ("pcs");
  self->track_stock = TRUE;
  self->low_stock = -1;

  return self;
}

void
kasir_catalog_item_free (KasirCatalogItem *self)
{
  if (self == NULL)
    return;

  kasir_product_free (self->product);
  g_free (self->unit);
  g_free (self);
}

static void
kasir_catalog_admin_repository_dispose (GObject *object)
{
  KasirCatalogAdminRepository *self = KASIR_CATALOG_ADMIN_REPOSITORY (object);

  g_clear_object (&self->outbox);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (kasir_catalog_admin_repository_parent_class)->dispose (object);
}

static void
kasir_catalog_admin_repository_class_init (KasirCatalogAdminRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kasir_catalog_admin_repository_dispose;
}

static void
kasir_catalog_admin_repository_init (KasirCatalogAdminRepository *self)
{
}

KasirCatalogAdminRepository *
kasir_catalog_admin_repository_new (KasirDatabase *database)
{
  KasirCatalogAdminRepository *self;

  g_return_val_if_fail (KASIR_IS_DATABASE (database), NULL);

  self = g_object_new (KASIR_TYPE_CATALOG_ADMIN_REPOSITORY, NULL);
  self->database = g_object_ref (database);
  self->outbox = kasir_outbox_repository_new (database);

  return self;
}

/* ---- Reading ---- */

#define ITEM_COLUMNS KASIR_CATALOG_PRODUCT_COLUMNS ", p.unit, p.track_stock, p.low_stock, " \
                     "coalesce((SELECT qty FROM stock s WHERE s.product_id = p.id AND " \
                     "s.outlet_id = (SELECT outlet_id FROM sync_state WHERE id = 1)), 0)"

static KasirCatalogItem *
item_from_row (sqlite3_stmt *stmt)
{
  KasirCatalogItem *item = kasir_catalog_item_new ();
  const int n = KASIR_CATALOG_PRODUCT_N_COLUMNS;

  kasir_product_free (item->product);
  item->product = kasir_catalog_product_from_row (stmt);
  g_free (item->unit);
  item->unit = kasir_database_column_dup (stmt, n);
  item->track_stock = sqlite3_column_int (stmt, n + 1) != 0;
  item->low_stock = sqlite3_column_int64 (stmt, n + 2);
  item->stock = sqlite3_column_int64 (stmt, n + 3);

  return item;
}

static GPtrArray *
collect_items (KasirDatabase  *db,
               sqlite3_stmt   *stmt,
               GError        **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_catalog_item_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, item_from_row (stmt));
  kasir_database_stmt_done (stmt);
  if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (db, rc, "read products", error);
      return NULL;
    }

  return g_steal_pointer (&items);
}

KasirCatalogItem *
kasir_catalog_admin_repository_get_product (KasirCatalogAdminRepository  *self,
                                            gint64                        product_id,
                                            GError                      **error)
{
  g_autoptr(GPtrArray) items = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_CATALOG_ADMIN_REPOSITORY (self), NULL);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT " ITEM_COLUMNS " FROM products p WHERE p.id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, product_id);
  items = collect_items (self->database, stmt, error);
  if (items == NULL)
    return NULL;
  if (items->len == 0)
    {
      g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND,
                   _("There is no product %" PRId64), product_id);
      return NULL;
    }

  return g_ptr_array_steal_index (items, 0);
}

GPtrArray *
kasir_catalog_admin_repository_list_products (KasirCatalogAdminRepository  *self,
                                              const char                   *text,
                                              gint64                        category_id,
                                              gboolean                      archived,
                                              guint                         limit,
                                              GError                      **error)
{
  g_autofree char *match = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_CATALOG_ADMIN_REPOSITORY (self), NULL);

  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                           _("The search text is not valid text"));
      return NULL;
    }
  if (text != NULL)
    match = kasir_catalog_match_query (text);

  if (match != NULL)
    stmt = kasir_database_prepare (self->database,
                                   "SELECT " ITEM_COLUMNS " FROM products_fts f "
                                   "JOIN products p ON p.id = f.docid "
                                   "WHERE products_fts MATCH ?1 AND p.archived = ?2 "
                                   "AND (?3 = 0 OR p.category_id = ?3) "
                                   "ORDER BY p.name, p.id LIMIT ?4", error);
  else
    stmt = kasir_database_prepare (self->database,
                                   "SELECT " ITEM_COLUMNS " FROM products p "
                                   "WHERE p.archived = ?2 AND (?3 = 0 OR p.category_id = ?3) "
                                   "ORDER BY p.name, p.id LIMIT ?4", error);
  if (stmt == NULL)
    return NULL;
  if (match != NULL)
    kasir_database_bind_text (stmt, 1, match);
  sqlite3_bind_int (stmt, 2, archived ? 1 : 0);
  sqlite3_bind_int64 (stmt, 3, category_id);
  sqlite3_bind_int64 (stmt, 4, limit);

  return collect_items (self->database, stmt, error);
}

GPtrArray *
kasir_catalog_admin_repository_list_low_stock (KasirCatalogAdminRepository  *self,
                                               gint64                        default_threshold,
                                               guint                         limit,
                                               GError                      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_CATALOG_ADMIN_REPOSITORY (self), NULL);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT * FROM (SELECT " ITEM_COLUMNS " AS qty FROM products p "
                                 "WHERE p.archived = 0 AND p.track_stock = 1) "
                                 "WHERE qty <= (CASE WHEN low_stock >= 0 THEN low_stock ELSE ?1 END) "
                                 "ORDER BY qty, name LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, default_threshold);
  sqlite3_bind_int64 (stmt, 2, limit);

  return collect_items (self->database, stmt, error);
}

char *
kasir_catalog_admin_repository_new_barcode (KasirCatalogAdminRepository  *self,
                                            GError                      **error)
{
  sqlite3_stmt *stmt;
  guint64 serial = 1;
  int rc;

  g_return_val_if_fail (KASIR_IS_CATALOG_ADMIN_REPOSITORY (self), NULL);

  /* The till's own codes are "20", ten digits of serial, and the check digit; the next
   * one follows the highest given so far. */
  stmt = kasir_database_prepare (self->database,
                                 "SELECT max(code) FROM barcodes "
                                 "WHERE code GLOB '20[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'",
                                 error);
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    serial = g_ascii_strtoull ((const char *) sqlite3_column_text (stmt, 0) + 2, NULL, 10) / 10 + 1;
  kasir_database_stmt_done (stmt);
  if (rc != SQLITE_ROW)
    {
      kasir_database_set_error (self->database, rc, "read barcodes", error);
      return NULL;
    }
  if (serial >= G_GUINT64_CONSTANT (10000000000))
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE,
                           _("Every in-store barcode is taken"));
      return NULL;
    }

  return kasir_barcode_make_in_store (0, serial);
}

char *
kasir_catalog_admin_repository_export_csv (KasirCatalogAdminRepository  *self,
                                           GError                      **error)
{
  g_autoptr(GString) out = g_string_new ("sku,name,price,tax_rate,barcode,category,unit,archived\r\n");
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KASIR_IS_CATALOG_ADMIN_REPOSITORY (self), NULL);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT p.sku, p.name, p.price, p.tax_rate_bp, p.barcode, c.name, p.unit, "
                                 "p.archived FROM products p LEFT JOIN categories c ON c.id = p.category_id "
                                 "ORDER BY p.name, p.id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 bp = (gint64) sqlite3_column_int64 (stmt, 3);

      kasir_csv_append_field (out, (const char *) sqlite3_column_text (stmt, 0));
      g_string_append_c (out, ',');
      kasir_csv_append_field (out, (const char *) sqlite3_column_text (stmt, 1));
      g_string_append_printf (out, ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ".%02" G_GINT64_FORMAT ",",
                              (gint64) sqlite3_column_int64 (stmt, 2), bp / 100, bp % 100);
      kasir_csv_append_field (out, (const char *) sqlite3_column_text (stmt, 4));
      g_string_append_c (out, ',');
      kasir_csv_append_field (out, (const char *) sqlite3_column_text (stmt, 5));
      g_string_append_c (out, ',');
      kasir_csv_append_field (out, (const char *) sqlite3_column_text (stmt, 6));
      g_string_append_printf (out, ",%d\r\n", sqlite3_column_int (stmt, 7));
    }
  kasir_database_stmt_done (stmt);
  if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (self->database, rc, "export products", error);
      return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- Checking a product ---- */

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

static gboolean
check_text (const char  *text,
            guint        max_chars,
            const char  *field,
            const char  *empty_message,
            GError     **error)
{
  if (text == NULL || !g_utf8_validate (text, -1, NULL) || is_blank (text))
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED, empty_message);
      return FALSE;
    }
  if (g_utf8_strlen (text, -1) > (glong) max_chars)
    {
      /* TRANSLATORS: "Name: at most 200 characters". */
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_TOO_LONG, _("%s: at most %u characters"),
                   field, max_chars);
      return FALSE;
    }
  return TRUE;
}

/* The name of the product (other than @self_id) that already has @code as a barcode or
 * @sku as its SKU, or NULL. */
static char *
taken_by (KasirDatabase  *db,
          const char     *sql,
          const char     *value,
          gint64          self_id,
          GError        **error)
{
  sqlite3_stmt *stmt = kasir_database_prepare (db, sql, error);
  char *name = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  kasir_database_bind_text (stmt, 1, value);
  sqlite3_bind_int64 (stmt, 2, self_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    name = kasir_database_column_dup (stmt, 0);
  kasir_database_stmt_done (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    kasir_database_set_error (db, rc, "check codes", error);

  return name;
}

/* @old_barcode: the product's barcode as stored, NULL for a new product. A code the
 * server's catalog already gave the product is kept as it is even when it fails the
 * check digit (a supplier's code of 13 digits may); a new or changed one must pass. */
static gboolean
check_item (KasirDatabase           *db,
            const KasirCatalogItem  *item,
            const char              *old_barcode,
            GError                 **error)
{
  const KasirProduct *p = item->product;
  g_autofree char *other = NULL;
  GError *local_error = NULL;

  if (!check_text (p->name, MAX_NAME_CHARS, _("Name"), _("Name: a product needs a name"), error))
    return FALSE;
  if (!check_text (p->sku, MAX_SKU_CHARS, _("SKU"), _("SKU: a product needs a SKU"), error))
    return FALSE;
  if (item->unit != NULL && !is_blank (item->unit) &&
      !check_text (item->unit, MAX_UNIT_CHARS, _("Unit"), "", error))
    return FALSE;
  if (p->price < 0 || p->price > KASIR_PROTOCOL_MAX_AMOUNT)
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE,
                           _("Price: it cannot be below zero or this large"));
      return FALSE;
    }
  if (p->tax_rate_bp > 10000)
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE,
                           _("Tax rate: at most 100%"));
      return FALSE;
    }
  if (item->low_stock < -1 || item->low_stock > KASIR_PROTOCOL_MAX_QTY)
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE,
                           _("Low stock: give a number of units of zero or more"));
      return FALSE;
    }
  if (p->barcode != NULL && g_strcmp0 (p->barcode, old_barcode) != 0 &&
      !kasir_barcode_validate (p->barcode, &local_error))
    {
      g_set_error (error, KASIR_INPUT_ERROR, local_error->code, _("Barcode: %s"), local_error->message);
      g_error_free (local_error);
      return FALSE;
    }

  if (p->barcode != NULL)
    {
      other = taken_by (db, "SELECT p.name FROM barcodes b JOIN products p ON p.id = b.product_id "
                        "WHERE b.code = ?1 AND b.product_id != ?2 LIMIT 1",
                        p->barcode, p->id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      if (other != NULL)
        {
          g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                       _("Barcode: %s already belongs to “%s”"), p->barcode, other);
          return FALSE;
        }
    }
  other = taken_by (db, "SELECT name FROM products WHERE sku = ?1 AND id != ?2 LIMIT 1",
                    p->sku, p->id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (other != NULL)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("SKU: %s already belongs to “%s”"), p->sku, other);
      return FALSE;
    }
  if (p->category_id < 0)
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                           _("Category: not a category of this till"));
      return FALSE;
    }
  if (p->category_id > 0)
    {
      gint64 n = 0;
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM categories WHERE id = %" PRId64,
                                              p->category_id);

      if (!kasir_database_query_int64 (db, sql, &n, error))
        return FALSE;
      if (n == 0)
        {
          g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                               _("Category: not a category of this till"));
          return FALSE;
        }
    }

  return TRUE;
}

/* ---- Writing a product ---- */

gint64
kasir_catalog_admin_enrolled_outlet (KasirDatabase  *db,
                                     GError        **error)
{
  gint64 outlet_id = 0;

  if (!kasir_database_query_int64 (db, "SELECT outlet_id FROM sync_state WHERE id = 1",
                                   &outlet_id, error))
    return -1;
  return outlet_id;
}

static const char *
unit_of (const KasirCatalogItem *item)
{
  return item->unit != NULL && !is_blank (item->unit) ? item->unit : "pcs";
}

/* The server's fields of @now that differ from @before, as product.update fields: the
 * product's, its unit, whether its stock is counted and its low-stock level. */
static JsonNode *
changed_fields (const KasirCatalogItem *before_item,
                const KasirCatalogItem *now_item)
{
  const KasirProduct *before = before_item->product;
  const KasirProduct *now = now_item->product;
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *obj = json_object_new ();

  if (g_strcmp0 (before->name, now->name) != 0)
    json_object_set_string_member (obj, "name", now->name);
  if (before->price != now->price)
    json_object_set_int_member (obj, "price", now->price);
  if (g_strcmp0 (before->barcode, now->barcode) != 0)
    {
      if (now->barcode != NULL)
        json_object_set_string_member (obj, "barcode", now->barcode);
      else
        json_object_set_null_member (obj, "barcode");
    }
  if (g_strcmp0 (before->sku, now->sku) != 0)
    json_object_set_string_member (obj, "sku", now->sku);
  if (before->tax_rate_bp != now->tax_rate_bp)
    json_object_set_int_member (obj, "tax_rate_bp", now->tax_rate_bp);
  if (before->category_id != now->category_id)
    json_object_set_int_member (obj, "category_id", now->category_id);
  if (before->archived != now->archived)
    json_object_set_boolean_member (obj, "archived", now->archived);
  if (before_item->unit == NULL || g_strcmp0 (unit_of (before_item), unit_of (now_item)) != 0)
    json_object_set_string_member (obj, "unit", unit_of (now_item));
  if (before_item->track_stock != now_item->track_stock)
    json_object_set_boolean_member (obj, "track_stock", now_item->track_stock);
  if (before_item->low_stock != now_item->low_stock)
    json_object_set_int_member (obj, "low_stock", now_item->low_stock);
  json_node_take_object (node, obj);

  return node;
}

static gboolean load_category (KasirDatabase  *db,
                               gint64          category_id,
                               char          **name,
                               gboolean       *archived,
                               GError        **error);

/* A category made here and not on the server yet (a negative id) travels by its name:
 * its category.upsert is earlier in the queue, and the server finds it so. */
static gboolean
name_pending_category (KasirDatabase  *db,
                       JsonObject     *fields,
                       GError        **error)
{
  g_autofree char *name = NULL;
  gboolean archived = FALSE;
  gint64 id;

  if (!json_object_has_member (fields, "category_id"))
    return TRUE;
  id = json_object_get_int_member (fields, "category_id");
  if (id >= 0)
    return TRUE;
  if (!load_category (db, id, &name, &archived, error))
    return FALSE;
  json_object_remove_member (fields, "category_id");
  json_object_set_string_member (fields, "category_name", name);
  return TRUE;
}

gboolean
kasir_catalog_admin_queue_update (KasirCatalogAdminRepository  *self,
                                  const KasirCatalogItem       *now_item,
                                  gint64                        staff_id,
                                  gboolean                     *queued,
                                  GError                      **error)
{
  const KasirProduct *now = now_item->product;
  g_autoptr(KasirCatalogItem) before = NULL;
  g_autoptr(KasirEdit) edit = g_new0 (KasirEdit, 1);
  g_autoptr(KasirEdit) checked = NULL;
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *entity_id = NULL;

  before = kasir_catalog_admin_repository_get_product (self, now->id, error);
  if (before == NULL)
    return FALSE;
  edit->entity_id = now->id;
  edit->staff_id = staff_id;
  edit->base_version = before->product->version;
  edit->fields = changed_fields (before, now_item);
  *queued = FALSE;
  if (json_object_get_size (json_node_get_object (edit->fields)) == 0)
    return TRUE;
  if (!name_pending_category (self->database, json_node_get_object (edit->fields), error))
    return FALSE;
  payload = kasir_protocol_encode_product_update (edit);
  checked = kasir_protocol_decode_product_update (payload, &local_error);
  if (checked == NULL)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("The product change is not valid: %s"), local_error->message);
      return FALSE;
    }
  entity_id = g_strdup_printf ("%" G_GINT64_FORMAT, now->id);
  *queued = kasir_outbox_repository_enqueue_in_transaction (self->outbox, KASIR_MUTATION_PRODUCT_UPDATE,
                                                            entity_id, payload, NULL, error) > 0;
  return *queued;
}

gboolean
kasir_catalog_admin_queue_create (KasirCatalogAdminRepository  *self,
                                  const KasirCatalogItem       *item,
                                  gint64                        staff_id,
                                  gint64                       *seq,
                                  GError                      **error)
{
  const KasirProduct *p = item->product;
  g_autoptr(KasirCatalogItem) empty = kasir_catalog_item_new ();
  KasirProduct *none = empty->product;
  g_autoptr(KasirEdit) edit = g_new0 (KasirEdit, 1);
  g_autoptr(KasirEdit) checked = NULL;
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *fields;

  if (staff_id <= 0)
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE,
                           _("A manager must approve a new product"));
      return FALSE;
    }
  edit->client_id = kasir_uuid_new ();
  edit->staff_id = staff_id;
  /* Against an empty product every field the product has is a change. */
  none->price = -1;
  none->tax_rate_bp = G_MAXUINT;
  none->category_id = -1;
  none->archived = !p->archived;
  g_clear_pointer (&empty->unit, g_free);
  empty->track_stock = !item->track_stock;
  empty->low_stock = item->low_stock - 1;
  edit->fields = changed_fields (empty, item);
  fields = json_node_get_object (edit->fields);
  if (p->category_id == 0)
    json_object_remove_member (fields, "category_id");
  if (!name_pending_category (self->database, fields, error))
    return FALSE;
  payload = kasir_protocol_encode_product_create (edit);
  checked = kasir_protocol_decode_product_create (payload, &local_error);
  if (checked == NULL)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("The new product is not valid: %s"), local_error->message);
      return FALSE;
    }
  *seq = kasir_outbox_repository_enqueue_in_transaction (self->outbox, KASIR_MUTATION_PRODUCT_CREATE,
                                                         edit->client_id, payload, NULL, error);
  return *seq > 0;
}

gboolean
kasir_catalog_admin_write_item (KasirDatabase           *db,
                                const KasirCatalogItem  *item,
                                gint64                   id,
                                GError                 **error)
{
  const KasirProduct *p = item->product;
  const char *unit = item->unit != NULL && !is_blank (item->unit) ? item->unit : "pcs";
  sqlite3_stmt *stmt;

  /* The primary barcode mirrors products.barcode; extra codes stay. Found by the code the
   * row holds before this write (only extra codes are indexed by product). */
  stmt = kasir_database_prepare (db,
                                 "DELETE FROM barcodes WHERE code = (SELECT barcode FROM products "
                                 "WHERE id = ?1) AND product_id = ?1 AND is_primary = 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!kasir_database_step_done (db, stmt, "write barcode", error))
    return FALSE;

  /* An UPDATE keeps the server's version and price_version of an existing row (the next
   * pull brings the merged ones); a new local product starts at 0. */
  stmt = kasir_database_prepare (db,
                                 p->id == 0
                                 ? "INSERT INTO products (id, sku, barcode, name, price, tax_rate_bp, "
                                   "category_id, archived, unit, track_stock, low_stock) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
                                 : "UPDATE products SET sku = ?2, barcode = ?3, name = ?4, price = ?5, "
                                   "tax_rate_bp = ?6, category_id = ?7, archived = ?8, unit = ?9, "
                                   "track_stock = ?10, low_stock = ?11 WHERE id = ?1",
                                 error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  kasir_database_bind_text (stmt, 2, p->sku);
  kasir_database_bind_text (stmt, 3, p->barcode);
  kasir_database_bind_text (stmt, 4, p->name);
  sqlite3_bind_int64 (stmt, 5, p->price);
  sqlite3_bind_int64 (stmt, 6, p->tax_rate_bp);
  sqlite3_bind_int64 (stmt, 7, p->category_id);
  sqlite3_bind_int (stmt, 8, p->archived ? 1 : 0);
  kasir_database_bind_text (stmt, 9, unit);
  sqlite3_bind_int (stmt, 10, item->track_stock ? 1 : 0);
  sqlite3_bind_int64 (stmt, 11, item->low_stock);
  if (!kasir_database_step_done (db, stmt, "write product", error))
    return FALSE;

  if (p->barcode == NULL)
    return TRUE;
  stmt = kasir_database_prepare (db, "INSERT INTO barcodes (code, product_id, is_primary) "
                                 "VALUES (?, ?, 1)", error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, p->barcode);
  sqlite3_bind_int64 (stmt, 2, id);

  return kasir_database_step_done (db, stmt, "write barcode", error);
}

gint64
kasir_catalog_admin_repository_save_product (KasirCatalogAdminRepository  *self,
                                             const KasirCatalogItem       *item,
                                             gint64                        staff_id,
                                             GError                      **error)
{
  g_autoptr(KasirCatalogItem) existing = NULL;
  KasirDatabase *db;
  gint64 outlet_id, id;
  gboolean queued;

  g_return_val_if_fail (KASIR_IS_CATALOG_ADMIN_REPOSITORY (self), 0);
  g_return_val_if_fail (item != NULL && item->product != NULL, 0);

  db = self->database;
  if (!kasir_database_begin (db, error))
    return 0;
  id = item->product->id;
  if (id != 0)
    {
      existing = kasir_catalog_admin_repository_get_product (self, id, error);
      if (existing == NULL)
        goto fail;
    }
  if (!check_item (db, item, existing != NULL ? existing->product->barcode : NULL, error))
    goto fail;
  outlet_id = kasir_catalog_admin_enrolled_outlet (db, error);
  if (outlet_id < 0)
    goto fail;

  /* Enrolled: the server gives a new product its id; it comes with the next pull. Till
   * then it is in the catalog at once, pending, under the negative of its outbox seq (no
   * server id is below 1), and gives way to the server's at the pull after the push
   * (kasir_catalog_admin_repository_drop_pending). */
  if (id == 0 && outlet_id > 0)
    {
      gint64 seq = 0;

      if (!kasir_catalog_admin_queue_create (self, item, staff_id, &seq, error) ||
          !kasir_catalog_admin_write_item (db, item, -seq, error))
        goto fail;
      return kasir_database_commit (db, error) ? KASIR_CATALOG_ADMIN_QUEUED : 0;
    }
  if (id == 0)
    {
      if (!kasir_database_query_int64 (db, "SELECT coalesce(max(id), 0) + 1 FROM products", &id, error))
        goto fail;
    }
  else if (outlet_id > 0 && !kasir_catalog_admin_queue_update (self, item, staff_id, &queued, error))
    goto fail;
  if (!kasir_catalog_admin_write_item (db, item, id, error))
    goto fail;
  if (!kasir_database_commit (db, error))
    return 0;
  return id;

fail:
  kasir_database_rollback (db);
  return 0;
}

/* ---- Categories ---- */

GPtrArray *
kasir_catalog_admin_repository_list_categories (KasirCatalogAdminRepository  *self,
                                                GError                      **error)
{
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_category_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KASIR_IS_CATALOG_ADMIN_REPOSITORY (self), NULL);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT id, name, parent_id, archived, version FROM categories "
                                 "ORDER BY archived, position, name, id", error);
  if (stmt == NULL)
    return NULL;
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
  kasir_database_stmt_done (stmt);
  if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (self->database, rc, "read categories", error);
      return NULL;
    }

  return g_steal_pointer (&categories);
}

gboolean
kasir_catalog_admin_queue_category (KasirCatalogAdminRepository  *self,
                                    gint64                        category_id,
                                    gint64                        staff_id,
                                    const char                   *name,
                                    gboolean                      archived,
                                    gint64                       *queued,
                                    GError                      **error)
{
  KasirCategoryUpsert u = {
    .entity_id = category_id, .staff_id = staff_id, .name = (char *) name, .archived = archived,
  };
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(KasirCategoryUpsert) checked = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *entity_id = NULL;
  gint64 outlet_id = kasir_catalog_admin_enrolled_outlet (self->database, error);

  *queued = 0;
  if (outlet_id < 0)
    return FALSE;
  if (outlet_id == 0)
    return TRUE;
  if (staff_id <= 0)
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE,
                           _("A manager must approve a change of categories"));
      return FALSE;
    }
  payload = kasir_protocol_encode_category_upsert (&u);
  checked = kasir_protocol_decode_category_upsert (payload, &local_error);
  if (checked == NULL)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("The category change is not valid: %s"), local_error->message);
      return FALSE;
    }
  entity_id = category_id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, category_id) : g_strdup (name);
  *queued = kasir_outbox_repository_enqueue_in_transaction (self->outbox, KASIR_MUTATION_CATEGORY_UPSERT,
                                                            entity_id, payload, NULL, error);
  return *queued > 0;
}

/* The category's stored name and archived flag, for the whole state a change sends. */
static gboolean
load_category (KasirDatabase  *db,
               gint64          category_id,
               char          **name,
               gboolean       *archived,
               GError        **error)
{
  sqlite3_stmt *stmt = kasir_database_prepare (db, "SELECT name, archived FROM categories WHERE id = ?",
                                               error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, category_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *name = kasir_database_column_dup (stmt, 0);
      *archived = sqlite3_column_int (stmt, 1) != 0;
    }
  kasir_database_stmt_done (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc == SQLITE_DONE)
    g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND,
                 _("There is no category %" PRId64), category_id);
  else
    kasir_database_set_error (db, rc, "read category", error);
  return FALSE;
}

static gboolean
check_category_name (KasirDatabase  *db,
                     const char     *name,
                     gint64          self_id,
                     GError        **error)
{
  g_autofree char *other = NULL;
  GError *local_error = NULL;

  if (!check_text (name, MAX_NAME_CHARS, _("Name"), _("Name: a category needs a name"), error))
    return FALSE;
  other = taken_by (db, "SELECT name FROM categories WHERE lower(name) = lower(?1) "
                    "AND id != ?2 AND archived = 0 LIMIT 1", name, self_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (other != NULL)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("Name: there is a category “%s” already"), other);
      return FALSE;
    }
  return TRUE;
}

static gboolean
run_category_sql (KasirDatabase  *db,
                  const char     *sql,
                  gint64          a,
                  gint64          b,
                  const char     *text,
                  GError        **error)
{
  sqlite3_stmt *stmt = kasir_database_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, a);
  sqlite3_bind_int64 (stmt, 2, b);
  if (text != NULL)
    kasir_database_bind_text (stmt, 3, text);
  if (!kasir_database_step_done (db, stmt, "write category", error))
    return FALSE;
  if (sqlite3_changes (kasir_database_get_handle (db)) == 0)
    {
      g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND,
                   _("There is no category %" PRId64), a);
      return FALSE;
    }
  return TRUE;
}

gint64
kasir_catalog_admin_repository_add_category (KasirCatalogAdminRepository  *self,
                                             gint64                        staff_id,
                                             const char                   *name,
                                             GError                      **error)
{
  g_autofree char *clean = NULL;
  KasirDatabase *db;
  gint64 id = 0, position = 0;
  gint64 queued;

  g_return_val_if_fail (KASIR_IS_CATALOG_ADMIN_REPOSITORY (self), 0);

  db = self->database;
  if (!kasir_database_begin (db, error))
    return 0;
  if (!check_category_name (db, name, 0, error))
    goto fail;
  /* Enrolled: the server gives the id, and the category comes with the next pull. */
  clean = g_strstrip (g_strdup (name));
  if (!kasir_catalog_admin_queue_category (self, 0, staff_id, clean, FALSE, &queued, error))
    goto fail;
  if (queued)
    return kasir_database_commit (db, error) ? KASIR_CATALOG_ADMIN_QUEUED : 0;
  if (!kasir_database_query_int64 (db, "SELECT coalesce(max(id), 0) + 1 FROM categories", &id, error) ||
      !kasir_database_query_int64 (db, "SELECT coalesce(max(position), 0) + 1 FROM categories",
                                   &position, error))
    goto fail;
  if (!run_category_sql (db, "INSERT INTO categories (id, position, name) VALUES (?1, ?2, ?3)",
                         id, position, name, error))
    goto fail;
  if (!kasir_database_commit (db, error))
    return 0;
  return id;

fail:
  kasir_database_rollback (db);
  return 0;
}

gboolean
kasir_catalog_admin_repository_rename_category (KasirCatalogAdminRepository  *self,
                                                gint64                        staff_id,
                                                gint64                        category_id,
                                                const char                   *name,
                                                GError                      **error)
{
  g_autofree char *old_name = NULL;
  KasirDatabase *db;
  gboolean archived = FALSE;
  gint64 queued;

  g_return_val_if_fail (KASIR_IS_CATALOG_ADMIN_REPOSITORY (self), FALSE);

  db = self->database;
  if (!kasir_database_begin (db, error))
    return FALSE;
  if (!check_category_name (db, name, category_id, error) ||
      !load_category (db, category_id, &old_name, &archived, error) ||
      !kasir_catalog_admin_queue_category (self, category_id, staff_id, name, archived, &queued, error) ||
      !run_category_sql (db, "UPDATE categories SET name = ?3 WHERE id = ?1 AND ?2 = ?2",
                         category_id, 0, name, error))
    {
      kasir_database_rollback (db);
      return FALSE;
    }
  return kasir_database_commit (db, error);
}

gboolean
kasir_catalog_admin_repository_move_category (KasirCatalogAdminRepository  *self,
                                              gint64                        category_id,
                                              int                           step,
                                              GError                      **error)
{
  g_autoptr(GPtrArray) all = NULL;
  KasirDatabase *db;
  gint64 neighbour = 0;
  guint at = G_MAXUINT;

  g_return_val_if_fail (KASIR_IS_CATALOG_ADMIN_REPOSITORY (self), FALSE);
  g_return_val_if_fail (step == -1 || step == 1, FALSE);

  db = self->database;
  if (!kasir_database_begin (db, error))
    return FALSE;
  /* The order is this till's own, on a till with a server too. */
  all = kasir_catalog_admin_repository_list_categories (self, error);
  if (all == NULL)
    goto fail;
  for (guint i = 0; i < all->len; i++)
    if (((KasirCategory *) all->pdata[i])->id == category_id)
      at = i;
  if (at == G_MAXUINT)
    {
      g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND,
                   _("There is no category %" PRId64), category_id);
      goto fail;
    }
  if ((step < 0 && at > 0) || (step > 0 && at + 1 < all->len))
    neighbour = ((KasirCategory *) all->pdata[at + step])->id;

  /* Positions are renumbered in the shown order, with the two swapped, so that ties
   * left by older rows (all 0) cannot keep the order from changing. */
  for (guint i = 0; i < all->len; i++)
    {
      gint64 id = ((KasirCategory *) all->pdata[i])->id;
      gint64 position = (gint64) i + 1;

      if (neighbour != 0 && id == category_id)
        position += step;
      else if (neighbour != 0 && id == neighbour)
        position -= step;
      if (!run_category_sql (db, "UPDATE categories SET position = ?2 WHERE id = ?1",
                             id, position, NULL, error))
        goto fail;
    }
  return kasir_database_commit (db, error);

fail:
  kasir_database_rollback (db);
  return FALSE;
}

gboolean
kasir_catalog_admin_repository_archive_category (KasirCatalogAdminRepository  *self,
                                                 gint64                        staff_id,
                                                 gint64                        category_id,
                                                 gboolean                      archived,
                                                 GError                      **error)
{
  g_autofree char *name = NULL;
  KasirDatabase *db;
  gboolean was_archived;
  gint64 queued;

  g_return_val_if_fail (KASIR_IS_CATALOG_ADMIN_REPOSITORY (self), FALSE);

  db = self->database;
  if (!kasir_database_begin (db, error))
    return FALSE;
  if (!load_category (db, category_id, &name, &was_archived, error) ||
      !kasir_catalog_admin_queue_category (self, category_id, staff_id, name, archived, &queued, error) ||
      !run_category_sql (db, "UPDATE categories SET archived = ?2 WHERE id = ?1",
                         category_id, archived ? 1 : 0, NULL, error))
    {
      kasir_database_rollback (db);
      return FALSE;
    }
  return kasir_database_commit (db, error);
}

gboolean
kasir_catalog_admin_repository_drop_pending (KasirDatabase  *database,
                                             GError        **error)
{
  g_return_val_if_fail (KASIR_IS_DATABASE (database), FALSE);

  /* A category made here gives way to the server's of the same name, which the pull
   * brought; a product of this till still waiting for its own change keeps its category
   * that way (0 when the server refused the category). */
  return kasir_database_exec (database,
                              "DELETE FROM barcodes WHERE product_id < 0 AND -product_id NOT IN "
                              "(SELECT seq FROM outbox WHERE state IN ('pending', 'in_flight'));"
                              "DELETE FROM products WHERE id < 0 AND -id NOT IN "
                              "(SELECT seq FROM outbox WHERE state IN ('pending', 'in_flight'));"
                              "CREATE TEMP TABLE IF NOT EXISTS gone_categories (id INTEGER PRIMARY KEY, "
                              "server_id INTEGER NOT NULL);"
                              "DELETE FROM temp.gone_categories;"
                              "INSERT INTO temp.gone_categories SELECT c.id, coalesce((SELECT s.id FROM "
                              "categories s WHERE s.id > 0 AND s.name = c.name ORDER BY s.archived, s.id "
                              "LIMIT 1), 0) FROM categories c WHERE c.id < 0 AND -c.id NOT IN "
                              "(SELECT seq FROM outbox WHERE state IN ('pending', 'in_flight'));"
                              "UPDATE products SET category_id = (SELECT server_id FROM temp.gone_categories g "
                              "WHERE g.id = products.category_id) WHERE category_id < 0 AND category_id IN "
                              "(SELECT id FROM temp.gone_categories);"
                              "DELETE FROM categories WHERE id IN (SELECT id FROM temp.gone_categories);"
                              "DELETE FROM temp.gone_categories", error);
}

GHashTable *
kasir_catalog_admin_repository_list_waiting (KasirCatalogAdminRepository  *self,
                                             GError                      **error)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KASIR_IS_CATALOG_ADMIN_REPOSITORY (self), NULL);

  stmt = kasir_database_prepare (self->database,
                                 "SELECT DISTINCT CAST(entity_id AS INTEGER) FROM outbox "
                                 "WHERE state IN ('pending', 'in_flight') AND type = 'product.update'", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 *id = g_new (gint64, 1);

      *id = sqlite3_column_int64 (stmt, 0);
      g_hash_table_add (ids, id);
    }
  kasir_database_stmt_done (stmt);
  if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (self->database, rc, "read the outbox", error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}
