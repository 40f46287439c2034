/* kasir-product-edit-repository.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "kasir-protocol.h"
#include "kasir-database-private.h"
#include "kasir-outbox-repository.h"
#include "kasir-product-edit-repository.h"

struct _KasirProductEditRepository
{
  GObject                parent_instance;
  KasirDatabase         *database;
  KasirOutboxRepository *outbox;
};

G_DEFINE_FINAL_TYPE (KasirProductEditRepository, kasir_product_edit_repository, G_TYPE_OBJECT)

static void
kasir_product_edit_repository_dispose (GObject *object)
{
  KasirProductEditRepository *self = KASIR_PRODUCT_EDIT_REPOSITORY (object);

  g_clear_object (&self->outbox);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (kasir_product_edit_repository_parent_class)->dispose (object);
}

static void
kasir_product_edit_repository_class_init (KasirProductEditRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kasir_product_edit_repository_dispose;
}

static void
kasir_product_edit_repository_init (KasirProductEditRepository *self)
{
}

KasirProductEditRepository *
kasir_product_edit_repository_new (KasirDatabase *database)
{
  KasirProductEditRepository *self;

  g_return_val_if_fail (KASIR_IS_DATABASE (database), NULL);

  self = g_object_new (KASIR_TYPE_PRODUCT_EDIT_REPOSITORY, NULL);
  self->database = g_object_ref (database);
  self->outbox = kasir_outbox_repository_new (database);

  return self;
}

static gboolean
local_version (KasirDatabase  *db,
               gint64          product_id,
               gint64         *out_version,
               GError        **error)
{
  sqlite3_stmt *stmt = kasir_database_prepare (db, "SELECT version FROM products WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, product_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_version = sqlite3_column_int64 (stmt, 0);
  kasir_database_stmt_done (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc == SQLITE_DONE)
    g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND,
                 _("There is no product %" PRId64), product_id);
  else
    kasir_database_set_error (db, rc, "read product version", error);

  return FALSE;
}

gint64
kasir_product_edit_repository_update (KasirProductEditRepository  *self,
                                      gint64                       product_id,
                                      JsonNode                    *fields,
                                      gint64                       staff_id,
                                      GError                     **error)
{
  KasirDatabase *db;
  g_autoptr(KasirEdit) edit = g_new0 (KasirEdit, 1);
  g_autoptr(KasirEdit) checked = NULL;
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *entity_id = NULL;
  JsonObject *obj;
  gint64 seq;

  g_return_val_if_fail (KASIR_IS_PRODUCT_EDIT_REPOSITORY (self), 0);

  if (fields == NULL || !JSON_NODE_HOLDS_OBJECT (fields) || product_id <= 0)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("There is nothing to change"));
      return 0;
    }

  db = self->database;
  if (!kasir_database_begin (db, error))
    return 0;

  edit->entity_id = product_id;
  edit->staff_id = staff_id;
  edit->fields = json_node_copy (fields);
  if (!local_version (db, product_id, &edit->base_version, error))
    goto fail;
  payload = kasir_protocol_encode_product_update (edit);

  /* The codec's own rules (types, a non-empty set of known fields), before anything
   * local changes; the outbox checks again, but its message is less specific. */
  checked = kasir_protocol_decode_product_update (payload, &local_error);
  if (checked == NULL)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("The product change is not valid: %s"), local_error->message);
      goto fail;
    }
  obj = json_node_get_object (checked->fields);
  if (json_object_has_member (obj, "price") &&
      json_object_get_int_member (obj, "price") < 0)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE,
                   _("A price cannot be negative"));
      goto fail;
    }
  if (json_object_has_member (obj, "name"))
    {
      const char *name = json_object_get_string_member (obj, "name");

      if (name == NULL || *name == '\0')
        {
          g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED,
                       _("A product needs a name"));
          goto fail;
        }
    }

  entity_id = g_strdup_printf ("%" G_GINT64_FORMAT, product_id);
  seq = kasir_outbox_repository_enqueue_in_transaction (self->outbox, KASIR_MUTATION_PRODUCT_UPDATE,
                                                        entity_id, payload, NULL, error);
  if (seq == 0)
    goto fail;

  /* The till shows the new name and price at once. The version stays the server's, so
   * that the next edit still names the base the server knows; the next pull brings the
   * merged row with its new version. */
  if (json_object_has_member (obj, "price") || json_object_has_member (obj, "name"))
    {
      sqlite3_stmt *stmt = kasir_database_prepare (db,
                                                   "UPDATE products SET "
                                                   "price = coalesce(?1, price), "
                                                   "name = coalesce(?2, name) WHERE id = ?3", error);
      if (stmt == NULL)
        goto fail;
      if (json_object_has_member (obj, "price"))
        sqlite3_bind_int64 (stmt, 1, json_object_get_int_member (obj, "price"));
      if (json_object_has_member (obj, "name"))
        kasir_database_bind_text (stmt, 2, json_object_get_string_member (obj, "name"));
      sqlite3_bind_int64 (stmt, 3, product_id);
      if (!kasir_database_step_done (db, stmt, "edit product", error))
        goto fail;
    }

  if (!kasir_database_commit (db, error))
    return 0;
  return seq;

fail:
  kasir_database_rollback (db);
  return 0;
}

gint64
kasir_product_edit_repository_set_price (KasirProductEditRepository  *self,
                                         gint64                       product_id,
                                         KasirMoney                   price,
                                         gint64                       staff_id,
                                         GError                     **error)
{
  g_autoptr(JsonNode) fields = json_node_new (JSON_NODE_OBJECT);
  JsonObject *obj = json_object_new ();

  g_return_val_if_fail (KASIR_IS_PRODUCT_EDIT_REPOSITORY (self), 0);

  json_object_set_int_member (obj, "price", price);
  json_node_take_object (fields, obj);

  return kasir_product_edit_repository_update (self, product_id, fields, staff_id, error);
}

gint64
kasir_product_edit_repository_adjust_stock (KasirProductEditRepository  *self,
                                            gint64                       product_id,
                                            gint64                       delta,
                                            const char                  *reason,
                                            gint64                       staff_id,
                                            GError                     **error)
{
  KasirDatabase *db;
  g_autoptr(KasirStockAdjust) adj = g_new0 (KasirStockAdjust, 1);
  g_autoptr(JsonNode) payload = NULL;
  g_autofree char *entity_id = NULL;
  g_autofree char *clean = NULL;
  sqlite3_stmt *stmt;
  gint64 outlet_id = 0, version, seq;

  g_return_val_if_fail (KASIR_IS_PRODUCT_EDIT_REPOSITORY (self), 0);

  clean = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  if (*clean == '\0')
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED,
                   _("Give a reason for the stock change"));
      return 0;
    }
  if (delta == 0)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("The stock change must not be zero"));
      return 0;
    }
  if (delta < -KASIR_PROTOCOL_MAX_QTY || delta > KASIR_PROTOCOL_MAX_QTY)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE,
                   _("A stock change can be at most %" PRId64 " units either way"),
                   (gint64) KASIR_PROTOCOL_MAX_QTY);
      return 0;
    }

  db = self->database;
  if (!kasir_database_begin (db, error))
    return 0;
  if (!kasir_database_query_int64 (db, "SELECT outlet_id FROM sync_state WHERE id = 1",
                                   &outlet_id, error))
    goto fail;
  if (outlet_id <= 0)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("This till is not enrolled with a server, so it has no outlet stock"));
      goto fail;
    }
  if (!local_version (db, product_id, &version, error))
    goto fail;

  adj->product_id = product_id;
  adj->delta = delta;
  adj->reason = g_strdup (clean);
  adj->staff_id = staff_id;
  payload = kasir_protocol_encode_stock_adjust (adj);
  entity_id = g_strdup_printf ("%" G_GINT64_FORMAT, product_id);
  seq = kasir_outbox_repository_enqueue_in_transaction (self->outbox, KASIR_MUTATION_STOCK_ADJUST,
                                                        entity_id, payload, NULL, error);
  if (seq == 0)
    goto fail;

  stmt = kasir_database_prepare (db,
                                 "INSERT OR REPLACE INTO stock (product_id, outlet_id, qty) "
                                 "VALUES (?1, ?2, coalesce((SELECT qty FROM stock "
                                 "WHERE product_id = ?1 AND outlet_id = ?2), 0) + ?3)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, product_id);
  sqlite3_bind_int64 (stmt, 2, outlet_id);
  sqlite3_bind_int64 (stmt, 3, delta);
  if (!kasir_database_step_done (db, stmt, "adjust stock", error))
    goto fail;

  if (!kasir_database_commit (db, error))
    return 0;
  return seq;

fail:
  kasir_database_rollback (db);
  return 0;
}
