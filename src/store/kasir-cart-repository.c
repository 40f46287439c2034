/* kasir-cart-repository.c — the cart row.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-protocol.h"
#include "kasir-database-private.h"
#include "kasir-cart-repository.h"

struct _KasirCartRepository
{
  GObject        parent_instance;
  KasirDatabase *database;
};

G_DEFINE_TYPE (KasirCartRepository, kasir_cart_repository, G_TYPE_OBJECT)

static void
kasir_cart_repository_dispose (GObject *object)
{
  KasirCartRepository *self = KASIR_CART_REPOSITORY (object);

  g_clear_object (&self->database);

  G_OBJECT_CLASS (kasir_cart_repository_parent_class)->dispose (object);
}

static void
kasir_cart_repository_class_init (KasirCartRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kasir_cart_repository_dispose;
}

static void
kasir_cart_repository_init (KasirCartRepository *self)
{
}

KasirCartRepository *
kasir_cart_repository_new (KasirDatabase *database)
{
  KasirCartRepository *self;

  g_return_val_if_fail (KASIR_IS_DATABASE (database), NULL);

  self = g_object_new (KASIR_TYPE_CART_REPOSITORY, NULL);
  self->database = g_object_ref (database);

  return self;
}

gboolean
kasir_cart_repository_save (KasirCartRepository  *self,
                            const KasirCart      *cart,
                            GError              **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_CART_REPOSITORY (self), FALSE);

  if (cart == NULL)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("There is no cart to save"));
      return FALSE;
    }

  node = kasir_cart_to_json (cart);
  if (node == NULL)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("The cart could not be written down"));
      return FALSE;
    }
  text = kasir_protocol_to_string (node, NULL);
  now = kasir_now_rfc3339 ();

  stmt = kasir_database_prepare (self->database,
                                 "INSERT OR REPLACE INTO cart (id, json, updated_at) "
                                 "VALUES (1, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, text);
  kasir_database_bind_text (stmt, 2, now);

  return kasir_database_step_done (self->database, stmt, "save cart", error);
}

KasirCart *
kasir_cart_repository_load (KasirCartRepository  *self,
                            GError              **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt;
  KasirCart *cart;
  int rc;

  g_return_val_if_fail (KASIR_IS_CART_REPOSITORY (self), NULL);

  stmt = kasir_database_prepare (self->database, "SELECT json FROM cart WHERE id = 1", error);
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    text = kasir_database_column_dup (stmt, 0);
  else if (rc != SQLITE_DONE)
    kasir_database_set_error (self->database, rc, "load cart", error);
  kasir_database_stmt_done (stmt);
  if (text == NULL)
    return NULL;

  node = json_from_string (text, &local_error);
  if (node != NULL)
    cart = kasir_cart_from_json (node, &local_error);
  else
    cart = NULL;
  if (cart == NULL)
    {
      g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_CORRUPT,
                   _("The saved cart cannot be read: %s"),
                   local_error != NULL ? local_error->message : _("empty"));
      return NULL;
    }

  return cart;
}

gboolean
kasir_cart_repository_clear (KasirCartRepository  *self,
                             GError              **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KASIR_IS_CART_REPOSITORY (self), FALSE);

  stmt = kasir_database_prepare (self->database, "DELETE FROM cart", error);
  if (stmt == NULL)
    return FALSE;

  return kasir_database_step_done (self->database, stmt, "clear cart", error);
}
